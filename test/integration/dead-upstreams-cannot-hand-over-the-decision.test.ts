/**
 * With 5 upstreams configured, 4 dead and 1 on a fork, the one that answers must not decide:
 * by default a checkpoint needs more than half of the configured upstreams. Only with
 * `--quorum-of answering` (leanpoint's rule) is the lone fork served.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnDaemon, waitForJson } from "../support/spawn-daemon.js";

interface Status {
  served: { root: string } | null;
  quorum: { quorum_of: string; reason: string | null; rule: string | null; needed: number | null; more_needed: number | null; answering: number; total: number };
  last_round: { round: number } | null;
}

const ARGS = ["--devnet", "5", "--devnet-faults", "blackhole:4,forked:1", "--state-mb", "0.05", "--poll-interval-ms", "600", "--timeout-ms", "400", "--stale-after-ms", "20000"];

test("of configured (default): 1 forked answering of 5 is not served, and /status says how many more are needed", async (t) => {
  const d = await spawnDaemon(ARGS);
  t.after(() => d.stop());
  const s = await waitForJson<Status>(`${d.url}/status`, (j) => (j.last_round?.round ?? 0) >= 3, 30_000);
  assert.equal(s.served, null);
  assert.equal(s.quorum.quorum_of, "configured");
  assert.equal(s.quorum.reason, "below_quorum");
  assert.equal(s.quorum.answering, 1);
  assert.equal(s.quorum.total, 5);
  assert.equal(s.quorum.needed, 3);
  assert.equal(s.quorum.more_needed, 2);
  assert.match(s.quorum.rule!, /1 of 5 configured is not > 0\.5/);
  assert.equal((await fetch(`${d.url}/lean/v0/states/finalized`)).status, 503);
});

test("--quorum-of answering: the lone answering fork wins, as leanpoint would have it", async (t) => {
  const d = await spawnDaemon([...ARGS, "--quorum-of", "answering"]);
  t.after(() => d.stop());
  const s = await waitForJson<Status>(`${d.url}/status`, (j) => j.served !== null, 30_000);
  assert.equal(s.quorum.quorum_of, "answering");
  assert.match(s.quorum.rule!, /1 of 1 answering > 0\.5/);
});
