/**
 * `ensureLodestar()`: Lodestar 1.5.1 installed from its pinned lock (test/interop/lodestar/),
 * once per machine. The tests that run a real Lodestar call it from their `before`, so a
 * clean clone needs nothing more than `npm test`; it stays out of the root package.json
 * because its ~790 packages (and their older ssz) have nothing to do with the product.
 *
 * It installs outside the clone, in a folder named after the lock's SHA-256
 * (`$QUORUMPOINT_LODESTAR_CACHE`, default ~/.cache/quorumpoint), so every clean clone of CI
 * on this machine reuses it, and a changed lock gets a fresh one. Idempotent: skipped when
 * the bin exists and the folder's stamp holds that hash. Concurrent callers (test files in
 * parallel) take turns through a lock directory.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { openSync, closeSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eventually } from "./eventually.js";
import { REPO_ROOT } from "./paths.js";

/** The pinned package.json and lock, in the repository. */
export const LODESTAR_PINS = path.join(REPO_ROOT, "test/interop/lodestar");
const LOCK_FILE = path.join(LODESTAR_PINS, "package-lock.json");
const LOCK_HASH = createHash("sha256").update(readFileSync(LOCK_FILE)).digest("hex");
const CACHE = process.env.QUORUMPOINT_LODESTAR_CACHE ?? path.join(os.homedir(), ".cache", "quorumpoint");
/** Where it is installed: one folder per lock. */
export const LODESTAR_DIR = path.join(CACHE, `lodestar-${LOCK_HASH.slice(0, 16)}`);
export const LODESTAR_BIN = path.join(LODESTAR_DIR, "node_modules/.bin/lodestar");
const STAMP = path.join(LODESTAR_DIR, "node_modules/.quorumpoint-lock-sha256");
const BUSY = `${LODESTAR_DIR}.installing`;
/** A cold install takes about a minute on two cores; a waiter gives the installer ten. */
const WAIT_FOR_OTHER_INSTALL_MS = 600_000;

/** Install when needed; resolves to the `lodestar` bin. Rejects with one line saying what failed and where the log is. */
export async function ensureLodestar(): Promise<string> {
  const want = LOCK_HASH;
  await fs.mkdir(LODESTAR_DIR, { recursive: true });
  if (await installed(want)) return LODESTAR_BIN;
  await takeTurn();
  try {
    if (await installed(want)) return LODESTAR_BIN; // another caller installed it while we waited
    for (const f of ["package.json", "package-lock.json"]) await fs.copyFile(path.join(LODESTAR_PINS, f), path.join(LODESTAR_DIR, f));
    await npmCi();
    await fs.writeFile(STAMP, want + "\n");
    return LODESTAR_BIN;
  } finally {
    await fs.rm(BUSY, { recursive: true, force: true });
  }
}

async function installed(lockHash: string): Promise<boolean> {
  try {
    await fs.access(LODESTAR_BIN);
    return (await fs.readFile(STAMP, "utf8")).trim() === lockHash;
  } catch {
    return false;
  }
}

/** mkdir is atomic: whoever creates BUSY installs. A holder that died leaves its pid behind, and is taken over. */
async function takeTurn(): Promise<void> {
  await eventually(async () => {
    try {
      await fs.mkdir(BUSY);
      await fs.writeFile(path.join(BUSY, "pid"), String(process.pid));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (!holderAlive()) await fs.rm(BUSY, { recursive: true, force: true });
      return false;
    }
  }, { timeoutMs: WAIT_FOR_OTHER_INSTALL_MS, intervalMs: 500, message: `the Lodestar install of another process (${BUSY})` });
}

function holderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(BUSY, "pid"), "utf8"));
  } catch {
    return true; // just created, pid not written yet
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function npmCi(): Promise<void> {
  const log = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "lodestar-install-")), "npm-ci.log");
  // Under `npm test` the environment carries the root project's npm_config_* (its prefix among them):
  // drop them all, so this install sees only its own folder and the two settings it needs.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  // snappy's prebuilt download cannot succeed offline; nodedir lets node-gyp use the installed headers.
  env.npm_config_build_from_source = "snappy";
  env.npm_config_nodedir = "/usr";
  const fd = openSync(log, "w");
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn("npm", ["ci", "--no-audit", "--no-fund"], { cwd: LODESTAR_DIR, env, stdio: ["ignore", fd, fd] });
      child.once("error", reject);
      child.once("exit", (c) => resolve(c));
    });
  } catch (e) {
    throw new Error(`ensureLodestar: could not run npm ci in ${LODESTAR_DIR}: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
  if (code !== 0) {
    const last = (await fs.readFile(log, "utf8")).trim().split("\n").filter((l) => /err/i.test(l)).at(-1) ?? "";
    throw new Error(`ensureLodestar: npm ci in ${LODESTAR_DIR} exited with ${code}; full log ${log}; ${last.slice(0, 300)}`);
  }
}
