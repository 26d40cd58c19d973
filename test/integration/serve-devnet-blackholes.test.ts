import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnDaemon, waitForJson } from "../support/spawn-daemon.js";

interface Upstreams {
  upstreams: Array<{ name: string; healthy: boolean; last_error: string | null; last_poll_round: number | null; finalized: { slot: number } | null }>;
}

test("quorumpoint serve --devnet 8 --devnet-faults blackhole:2: 6 healthy, 2 timing out", async (t) => {
  const d = await spawnDaemon(["--devnet", "8", "--devnet-faults", "blackhole:2", "--state-mb", "0.2", "--poll-interval-ms", "2500", "--timeout-ms", "2000", "--stale-after-ms", "20000"]);
  t.after(() => d.stop());
  // A few rounds: every upstream polled at least 3 times.
  const j = await waitForJson<Upstreams>(`${d.url}/api/upstreams`, (j) => j.upstreams.every((u) => (u.last_poll_round ?? 0) >= 3), 60_000);
  assert.equal(j.upstreams.length, 8);
  const healthy = j.upstreams.filter((u) => u.healthy);
  const failing = j.upstreams.filter((u) => !u.healthy);
  assert.equal(healthy.length, 6, JSON.stringify(j.upstreams.map((u) => [u.name, u.healthy, u.last_error])));
  assert.equal(failing.length, 2);
  for (const u of failing) assert.equal(u.last_error, "timeout");
  for (const u of healthy) assert.ok(u.finalized && u.finalized.slot > 0);
  const rounds = d.lines.filter((l) => l.msg === "round");
  assert.ok(rounds.length >= 3, "one info line per round");
  assert.equal(await d.stop(), 0, "SIGTERM closes gracefully with exit code 0");
});
