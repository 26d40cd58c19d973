/**
 * The built `quorumpoint` bin: a bad setting or flag stops it with exit code 2 and exactly
 * one line on stderr; --help lists every setting; --version prints the package version.
 * Only the --bind and --port cases reach the daemon: its listen fails, and that is a bad
 * setting too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/paths.js";
import { SETTINGS, envName } from "../../src/config/index.js";

const MAIN = path.join(REPO_ROOT, "dist/src/cli/main.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with a clean QUORUMPOINT_* environment; kills it if it outlives the test. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("QUORUMPOINT_")));
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

function assertOneLine(r: Run, expected: RegExp | string): void {
  assert.equal(r.code, 2, `exit code 2, stderr: ${r.stderr}`);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `one stderr line, got: ${r.stderr}`);
  if (typeof expected === "string") assert.equal(lines[0], expected);
  else assert.match(lines[0], expected);
}

test("serve --poll-concurrency abc exits 2 with one line naming setting, value and rule", async () => {
  const r = await run(["serve", "--poll-concurrency", "abc"]);
  assertOneLine(r, 'invalid setting --poll-concurrency="abc": an integer >= 0 (0 = default 64; over 256 is clamped to 256)');
  assert.equal(r.stdout, "");
});

test("a bad environment value exits 2 naming the variable", async () => {
  const r = await run(["--devnet", "2"], { QUORUMPOINT_QUORUM: "1.5" });
  assertOneLine(r, 'invalid setting QUORUMPOINT_QUORUM="1.5": a number >= 0 and < 1');
});

test("unknown flags and commands exit 2 with one line", async () => {
  assertOneLine(await run(["serve", "--pol-concurrency", "3"]), /^Unknown argument: pol-concurrency/);
  assertOneLine(await run(["launch"]), /^Unknown argument: launch/);
});

test("serve without upstreams exits 2 with one line", async () => {
  assertOneLine(await run(["serve"]), "no upstreams: give --upstream, --upstreams-config or --devnet");
});

test("serve --help lists every setting, its environment variable and the precedence", async () => {
  const r = await run(["serve", "--help"]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of SETTINGS) {
    assert.ok(r.stdout.includes(`--${s.flag} `) || r.stdout.includes(`--${s.flag}\n`), `--${s.flag} in help`);
    assert.ok(r.stdout.replace(/\s+/g, " ").includes(envName(s)), `${envName(s)} in help`);
  }
  assert.match(r.stdout.replace(/\s+/g, " "), /flag > environment > config file > default/);
});

test("--help shows both commands; --version prints the package version", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /quorumpoint serve/);
  assert.match(help.stdout, /quorumpoint devnet/);
  const version = await run(["--version"]);
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
  assert.equal(version.code, 0);
});

test("serve --bind 999.1.1.1 exits 2 with one line naming --bind", async () => {
  assertOneLine(await run(["serve", "--upstream", "http://127.0.0.1:1", "--bind", "999.1.1.1"]), 'invalid setting --bind="999.1.1.1": an IP address or host name');
});

test("an address this host does not have exits 2 with one line naming --bind", async () => {
  // 192.0.2.0/24 is TEST-NET-1: never an address of a host.
  const r = await run(["serve", "--upstream", "http://127.0.0.1:1", "--bind", "192.0.2.1", "--port", "0", "--log-level", "silent"]);
  assertOneLine(r, /^invalid setting --bind="192\.0\.2\.1": an address of this host to listen on \(EADDRNOTAVAIL\)$/);
});

test("a port already in use exits 2 with one line naming --port", async (t) => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  t.after(() => taken.close());
  const port = (taken.address() as AddressInfo).port;
  const r = await run(["serve", "--upstream", "http://127.0.0.1:1", "--port", String(port), "--log-level", "silent"]);
  assertOneLine(r, `invalid setting --port=${port}: a port free to listen on at 127.0.0.1 (EADDRINUSE: another process listens on it)`);
});
