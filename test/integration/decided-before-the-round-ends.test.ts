/**
 * One dead upstream must not hold every update to the round's deadline: once the agreeing
 * upstreams pass the rule whatever the outstanding poll would answer, the new checkpoint
 * is served at once, and the round still closes at its deadline with every status.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually } from "../support/eventually.js";
import { startTestDevnet } from "../support/devnet.js";
import { spawnDaemon } from "../support/spawn-daemon.js";

interface Status { served: { root: string; stored_at_ms: number } | null }
interface Rounds { rounds: Array<{ round: number; startedMs: number; wallMs: number; outcome: string; failed: number }> }

test("a new checkpoint is served before the round's deadline while a blackholed upstream is still outstanding", async (t) => {
  const dn = await startTestDevnet({ nodes: 6 });
  t.after(() => dn.close());
  await dn.control.setBehaviour(5, "blackhole");
  // Each round waits ~4 s for the blackholed poll: the deadline is far from the honest answers.
  const d = await spawnDaemon([...dn.urls.flatMap((u) => ["--upstream", u]), "--poll-interval-ms", "6000", "--timeout-ms", "4000", "--stale-after-ms", "60000"]);
  t.after(() => d.stop());
  const first = await dn.control.expected();
  const status = async () => (await (await fetch(`${d.url}/status`)).json()) as Status;
  await eventually(async () => (await status()).served?.root === first.finalized.root, { timeoutMs: 30_000, message: "the first checkpoint served" });

  const next = await dn.control.advanceFinality();
  const served = await eventually(async () => {
    const s = await status();
    return s.served?.root === next.finalized.root && s.served;
  }, { timeoutMs: 30_000, message: "the next checkpoint served" });
  // The round that served it: it began before the store time and closed (deadline) after it.
  const rounds = await eventually(async () => {
    const r = ((await (await fetch(`${d.url}/api/rounds`)).json()) as Rounds).rounds;
    return r.find((x) => x.outcome === "served-new" && x.startedMs <= served.stored_at_ms && x.startedMs + x.wallMs >= served.stored_at_ms) ?? false;
  }, { timeoutMs: 20_000, message: "the round that served the new checkpoint has ended" });
  assert.ok(rounds.startedMs + rounds.wallMs > served.stored_at_ms, "stored while the round was still open");
  assert.equal(rounds.failed, 1, "the blackholed poll ended that round as a failure (timed out or abandoned), after the checkpoint was served");
});
