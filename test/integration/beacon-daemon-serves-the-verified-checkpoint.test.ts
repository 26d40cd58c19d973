/**
 * quorumpoint --chain beacon on the simulated beacon devnet (minimal preset, real
 * @lodestar/types states): it serves the honest checkpoint state and never a forged or
 * foreign one; each fault is a status (wrong_network, wrong_root, timeout, conflicting), a
 * node serving other bytes behind honest claims included (its bytes must be proven once);
 * claims of a checkpoint already verified vote without a download, so a finality change
 * costs one state download per distinct checkpoint, and a steady round none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import type { RoundEvent } from "../../src/daemon/round-pipeline.js";
import { eventually } from "../support/eventually.js";
import { MAX_PROOFS_IN_FLIGHT } from "../../src/round/beacon-proofs.js";

const HONEST = 6;
const FAULTS = ["wrong-network", "head-state", "forked", "blackhole", "wrong-root"] as const;

test("beacon: the served checkpoint is the honest one; faults are statuses; claims vote without downloads", { timeout: 110_000 }, async (t) => {
  const { config } = resolveConfig({
    chain: "beacon", devnet: HONEST + FAULTS.length, devnetFaults: FAULTS.join(","), devnetPreset: "minimal", port: 0,
    pollIntervalMs: 1500, timeoutMs: 1200, staleAfterMs: 30_000, logLevel: "silent",
  });
  const d = await startDaemon(config, { logger: createLogger("silent") });
  t.after(() => d.close());
  const events: RoundEvent[] = [];
  d.pipeline.subscribe((e) => events.push(e));
  const dn = d.beaconDevnet!;

  // Two finality changes seen by the daemon (minimal preset: an epoch is 8 slots of 1 s).
  const served = () => d.pipeline.rounds.list().filter((r) => r.outcome === "served-new").length;
  await eventually(() => served() >= 3, { timeoutMs: 60_000, intervalMs: 250, message: () => `3 served checkpoints (seen ${served()})` });

  const entry = d.pipeline.rounds.list().at(-1)!;
  const now = await dn.control.expected(0);
  const current = (await fetch(`${d.url}/status`).then((r) => r.json())) as {
    chain: string; beacon: { epoch: number; fork: string; network: { preset: string } }; served: { slot: number; root: string; state_root: string };
  };
  assert.equal(current.chain, "beacon");
  assert.deepEqual([current.beacon.epoch * 8, current.beacon.network.preset], [current.served.slot, "minimal"]);
  assert.equal(current.beacon.fork, "fulu", "the devnet's forks are all at epoch 0");
  // The devnet may have moved one epoch on since the last round: the served one is the honest chain's, at most one behind.
  const prev = now.epoch * 8 - 8;
  assert.ok(current.served.slot === now.slot || current.served.slot === prev, `served slot ${current.served.slot}, honest ${now.slot}`);
  if (current.served.slot === now.slot) {
    assert.equal(current.served.root, now.root);
    assert.equal(current.served.state_root, now.stateRoot);
  }
  assert.ok(entry.servedSlot !== null);

  const ups = (await fetch(`${d.url}/api/upstreams`).then((r) => r.json())) as { upstreams: Array<{ index: number; last_error: string | null; standing: string; healthy: boolean }> };
  const byFault = Object.fromEntries(FAULTS.map((f, i) => [f, ups.upstreams[HONEST + i]!]));
  t.diagnostic(JSON.stringify(ups.upstreams.map((u) => [u.index, u.standing, u.last_error])));
  assert.equal(byFault["wrong-network"]!.last_error, "wrong_network");
  assert.equal(byFault["head-state"]!.last_error, "wrong_root");
  assert.equal(byFault.blackhole!.last_error, "timeout");
  // Honest claims over other bytes: its first claim of a verified checkpoint had to come with its own bytes.
  assert.equal(byFault["wrong-root"]!.last_error, "wrong_root");
  assert.equal(byFault.forked!.standing, "conflicting", "a fork that verifies still never agrees");
  for (const u of ups.upstreams.slice(0, HONEST)) assert.equal(u.standing, "agrees", `honest upstream ${u.index}`);

  // Downloads: per round, one state verified per distinct checkpoint, and at most MAX_PROOFS_IN_FLIGHT upstreams proving their bytes.
  const proofsBy = new Map<number, number>();
  for (const e of events.slice(2)) {
    const ok = e.report.outcomes.filter((o) => o.ok);
    const verifying = ok.filter((o) => o.ok && o.hashUnits !== undefined);
    const distinct = new Set(verifying.map((o) => o.ok && o.state.finalized.root));
    assert.equal(verifying.length, distinct.size, `round ${e.report.round}: ${verifying.length} states verified for ${distinct.size} checkpoints`);
    const proving = ok.filter((o) => o.ok && !o.unchanged && !o.claimOnly && o.hashUnits === undefined);
    assert.ok(proving.length <= MAX_PROOFS_IN_FLIGHT, `round ${e.report.round}: ${proving.length} proofs`);
    for (const o of proving) proofsBy.set(o.upstream, (proofsBy.get(o.upstream) ?? 0) + 1);
  }
  for (const [u, n] of proofsBy) assert.equal(n, 1, `upstream ${u} proved its bytes ${n} times: once is enough for an hour`);
  const claims = events.flatMap((e) => e.report.outcomes).filter((o) => o.ok && o.claimOnly).length;
  assert.ok(claims > 0, "some upstreams voted by claim alone");
});
