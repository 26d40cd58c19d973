/**
 * Three of five upstreams switch to a fork and back. The fork has the quorum for a while,
 * but its checkpoints do not extend the finality served before: quorumpoint refuses them,
 * keeps serving the last honest checkpoint, logs at error, counts the conflict and shows it
 * in /status; once the honest chain has the quorum again its next checkpoint is served.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually } from "../support/eventually.js";
import { startTestDevnet } from "../support/devnet.js";
import { spawnDaemon } from "../support/spawn-daemon.js";

interface Status {
  served: { root: string; slot: number } | null;
  finality_conflicts: { total: number; active: boolean; last: { reason: string; served: { root: string }; agreed: { root: string } } | null };
}

test("a fork that wins the quorum is not served when it does not descend from the served checkpoint", async (t) => {
  const dn = await startTestDevnet({ nodes: 5 });
  t.after(() => dn.close());
  const d = await spawnDaemon([...dn.urls.flatMap((u) => ["--upstream", u]), "--poll-interval-ms", "300", "--timeout-ms", "1000", "--stale-after-ms", "60000"]);
  t.after(() => d.stop());
  const status = async () => (await (await fetch(`${d.url}/status`)).json()) as Status;
  const honest = await dn.control.expected();
  await eventually(async () => (await status()).served?.root === honest.finalized.root, { timeoutMs: 20_000, message: "the honest checkpoint served" });

  for (const i of [0, 1, 2]) await dn.control.setBehaviour(i, "forked", { fork: 1 });
  await dn.control.advanceFinality();
  const fork = await dn.control.expected(1);
  const s = await eventually(async () => {
    const j = await status();
    return j.finality_conflicts.last?.reason === "not_descendant" && j;
  }, { timeoutMs: 20_000, message: "a not_descendant conflict reported" });
  assert.equal(s.served?.root, honest.finalized.root, "the last honest checkpoint stays served");
  assert.equal(s.finality_conflicts.active, true);
  assert.equal(s.finality_conflicts.last?.agreed.root, fork.finalized.root);
  // The store reports the conflict as soon as the round decides (maybe early); the round's metrics follow at its end.
  await eventually(async () => /quorumpoint_finality_conflicts_total\{reason="not_descendant"\} [1-9]/.test(await (await fetch(`${d.url}/metrics`)).text()),
    { timeoutMs: 5_000, message: "the conflict counted in /metrics" });
  const logged = d.lines.find((l) => l.level === 50 && String(l.msg).startsWith("finality conflict"));
  assert.ok(logged, "logged at error");
  assert.equal((await (await fetch(`${d.url}/lean/v0/checkpoints/finalized`)).json() as { root: string }).root, honest.finalized.root);

  for (const i of [0, 1, 2]) await dn.control.setBehaviour(i, "healthy");
  const next = await dn.control.advanceFinality();
  const back = await eventually(async () => {
    const j = await status();
    return j.served?.root === next.finalized.root && j;
  }, { timeoutMs: 20_000, message: "the honest chain's next checkpoint served" });
  assert.equal(back.finality_conflicts.active, false);
  assert.ok(back.finality_conflicts.total >= 1);
});
