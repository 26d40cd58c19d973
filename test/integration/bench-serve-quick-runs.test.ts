/**
 * `npm run bench -- --serve --quick` end to end, as a user runs it (small states): every
 * target answers every connection count with no failed request, and the report file holds
 * the table and the command. Figures are printed by the bench, never asserted on speed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TARGETS } from "../../bench/serve/index.js";
import { TARGET_TITLES } from "../../bench/serve/results.js";
import { NGINX_BIN } from "../support/nginx.js";
import { REPO_ROOT } from "../support/paths.js";

const skip = process.env.QUORUMPOINT_SKIP_NGINX === "1" || !existsSync(NGINX_BIN)
  ? "nginx is not installed (scripts/ensure-nginx.sh) or QUORUMPOINT_SKIP_NGINX=1" : false;

test("bench --serve --quick: a replica, nginx's cache and nginx from disk each serve the state, and the report is written", { skip, timeout: 180_000 }, async (t) => {
  const out = mkdtempSync(path.join(os.tmpdir(), "qp-serve-bench-"));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const args = [path.join(REPO_ROOT, "dist/bench/main.js"), "--serve", "--quick", "--state-mb", "1", "--out", out];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  t.diagnostic(stdout);
  assert.equal(code, 0, `the bench exits 0 (stderr: ${stderr.slice(-2000)})`);

  const [file] = readdirSync(out).filter((f) => f.endsWith("-serve.md"));
  assert.ok(file, `a report in ${out}`);
  const md = readFileSync(path.join(out, file), "utf8");
  assert.match(md, /^    npm run bench -- --serve --quick --state-mb 1 --out /m);
  const rows = md.split("\n").filter((l) => l.startsWith("| (")).map((l) => l.split("|").map((c) => c.trim()));
  assert.equal(rows.length, TARGETS.length * 2, "each target at 16 and 64 connections");
  for (const target of TARGETS) {
    const mine = rows.filter((r) => r[1] === TARGET_TITLES[target]);
    assert.deepEqual(mine.map((r) => r[2]), ["16", "64"], target);
    for (const r of mine) {
      assert.ok(Number(r[3]) > 0, `${target} x${r[2]}: answers served (${r[3]} req/s)`);
      assert.equal(r[7], "0", `${target} x${r[2]}: no failed request`);
      // The replica cases carry the replica's own figures (event loop, rounds, RSS); the static one has none.
      assert.equal(r[8] === "—", target === "static", `${target}: replica figures ${r[8]}`);
    }
  }
  assert.match(md, /replica event loop while serving: worst p99 [0-9.]+ ms, (within|over) the 20 ms goal/);
});
