/**
 * 256 upstreams, 96 of them dead, slow or trickling, 8 poll slots: every healthy upstream is
 * polled within the first two rounds, and every round after that polls all of them. The
 * first poll of each upstream is a short contact (--first-contact-ms), so the bad ones cost
 * the first rounds little, and the balancer moves them to their own lane on that evidence
 * instead of waiting for a full window.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import type { RoundEvent } from "../../src/daemon/round-pipeline.js";
import { eventually } from "../support/eventually.js";

const HEALTHY = 160;
const BAD = 96;
const INTERVAL_MS = 4000;

test("256 upstreams, 96 bad: every healthy one is polled within two rounds, and in every round after", { timeout: 90_000 }, async (t) => {
  const { config } = resolveConfig({
    devnet: HEALTHY + BAD, devnetFaults: "blackhole:32,slow:32@3000,trickle:32@200", stateMb: 0.05, port: 0,
    pollConcurrency: 8, timeoutMs: 2000, pollIntervalMs: INTERVAL_MS, staleAfterMs: 60_000, logLevel: "silent",
  });
  const d = await startDaemon(config, { logger: createLogger("silent") });
  t.after(() => d.close());
  const rounds: RoundEvent[] = [];
  d.pipeline.subscribe((e) => rounds.push(e));
  await eventually(() => rounds.length >= 6, { timeoutMs: 8 * INTERVAL_MS, intervalMs: 200, message: () => `6 rounds (seen ${rounds.length})` });

  const okIn = (e: RoundEvent) => new Set(e.report.outcomes.filter((o) => o.ok).map((o) => o.upstream));
  t.diagnostic(`healthy polled per round: ${rounds.map((e) => okIn(e).size).join(", ")}; lanes ${JSON.stringify(d.lanes.view().lanes.map((l) => ({ n: l.upstreams.length, share: l.share })))}`);
  for (const e of rounds.slice(0, 4)) { const codes: Record<string, number> = {}; for (const o of e.report.outcomes.slice(0, HEALTHY)) { const k = o.ok ? "ok" : o.code; codes[k] = (codes[k] ?? 0) + 1; } t.diagnostic(`round ${e.report.round} healthy: ${JSON.stringify(codes)} decision ${e.lane.kind} ${e.lane.reason.slice(0, 200)}`); }
  const firstTwo = new Set([...okIn(rounds[0]!), ...okIn(rounds[1]!)]);
  const missed = Array.from({ length: HEALTHY }, (_, u) => u).filter((u) => !firstTwo.has(u));
  assert.deepEqual(missed, [], `healthy upstreams not polled in rounds 1-2: ${missed.length}`);
  for (const e of rounds.slice(2, 6)) assert.equal(okIn(e).size, HEALTHY, `round ${e.report.round} polled ${okIn(e).size} of ${HEALTHY} healthy`);

  // An upstream a round had no slot for is "not polled", never blamed for it.
  const body = (await (await fetch(`${d.url}/api/upstreams`)).json()) as { upstreams: Array<{ index: number; standing: string; last_error: string | null }> };
  for (const u of body.upstreams.slice(0, HEALTHY)) assert.equal(u.standing, "agrees", `healthy upstream ${u.index}`);
  for (const u of body.upstreams.slice(HEALTHY)) assert.notEqual(u.last_error, "not_polled");
});
