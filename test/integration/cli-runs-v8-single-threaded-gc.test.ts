/**
 * The daemon runs with its V8 flags (memory/policy.ts: single-threaded GC, 1 MB semi-spaces, gc())
 * when started as users start it, through the bin's shebang, and says so once when node
 * lacks them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnDaemon } from "../support/spawn-daemon.js";

const ARGS = ["--devnet", "2", "--state-mb", "0.1"];
const isGcWarning = (l: Record<string, unknown>): boolean => l.level === 40 && String(l.msg).includes("--single-threaded-gc");

test("the bin starts node with the daemon's V8 flags: the listening line says so, no warning", async (t) => {
  const d = await spawnDaemon(ARGS);
  t.after(() => d.stop());
  const listening = d.lines.find((l) => l.msg === "quorumpoint listening");
  assert.equal(listening?.gc, "single-threaded");
  assert.equal(listening?.semiSpaceMb, 1);
  assert.equal(listening?.exposeGc, true);
  assert.equal(d.lines.filter(isGcWarning).length, 0);
});

test("plain `node main.js`: V8's defaults, and one warning naming the three flags and the allocator setting", async (t) => {
  const d = await spawnDaemon(ARGS, { via: "plain-node" });
  t.after(() => d.stop());
  const listening = d.lines.find((l) => l.msg === "quorumpoint listening");
  assert.equal(listening?.gc, "helper-threads");
  assert.equal(listening?.semiSpaceMb, null);
  assert.equal(listening?.exposeGc, false);
  assert.match(String(d.lines.find(isGcWarning)?.msg), /--single-threaded-gc --max-semi-space-size=1 --expose-gc MALLOC_MMAP_THRESHOLD_=65536:/);
  assert.equal(d.lines.filter(isGcWarning).length, 1, JSON.stringify(d.lines.filter((l) => l.level === 40)));
});
