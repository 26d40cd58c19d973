import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveConfig } from "../../src/config/index.js";
import { startDaemon, type RunningDaemon } from "../../src/daemon/index.js";
import { createLogger } from "../../src/config/index.js";
import { eventually } from "../support/eventually.js";

const DEAD = 16;
const HEALTHY = 48;
const WINDOW = 6;

/** 64 devnet upstreams, the first 16 blackholed (dispatched first: the worst case for a FIFO pool). */
async function start(balance: boolean): Promise<RoundPipelineRun> {
  const { config } = resolveConfig({
    devnet: DEAD + HEALTHY, stateMb: 0.05, port: 0, pollConcurrency: 8, timeoutMs: 1000, pollIntervalMs: 1500,
    staleAfterMs: 30_000, balance, balanceWindow: WINDOW, maxLanes: 4, logLevel: "silent",
  });
  const d = await startDaemon(config, { logger: createLogger("silent") });
  for (let i = 0; i < DEAD; i++) await d.devnet!.control.setBehaviour(i, "blackhole");
  return { d, roundsSeen: () => d.pipeline.rounds.list() };
}
interface RoundPipelineRun {
  d: RunningDaemon;
  roundsSeen: () => ReturnType<RunningDaemon["pipeline"]["rounds"]["list"]>;
}

/** Rounds start every 1.5 s (pollIntervalMs): the wait allows twice that per round. */
async function waitRounds(run: RoundPipelineRun, n: number): Promise<void> {
  await eventually(() => run.roundsSeen().length >= n, {
    timeoutMs: n * 3000, intervalMs: 100, message: () => `${n} rounds (seen: ${run.roundsSeen().length})`,
  });
}

test("--no-balance: dead peers first in the queue hold every slot and healthy ones miss rounds", async (t) => {
  const run = await start(false);
  t.after(() => run.d.close());
  await waitRounds(run, 6);
  const misses = run.roundsSeen().slice(1, 6).map((r) => HEALTHY - r.ok);
  t.diagnostic(`healthy upstreams missed per round without balancing: ${misses.join(", ")}`);
  assert.ok(misses.some((m) => m > 0), "the plain bounded pool misses healthy upstreams");
  assert.equal(run.d.lanes.view().lanes.length, 1);
});

test("balanced: within 3 windows (here after one round: they burned their budget) the 16 dead sit in their own lane and every round polls all 48 healthy", async (t) => {
  const run = await start(true);
  t.after(() => run.d.close());
  // "After at most 3 windows": from then on, every round.
  const settled = 3 * WINDOW;
  await waitRounds(run, settled + 3);
  const rounds = run.roundsSeen();
  t.diagnostic(`healthy polled per round: ${rounds.map((r) => r.ok).join(", ")}`);
  // Printed before the checks, so a failing run says whether polls failed, were abandoned or never started, and what the balancer did.
  t.diagnostic(`ok/failed/abandoned/not dispatched per round: ${rounds.map((r) => `${r.ok}/${r.failed}/${r.abandoned}/${r.notDispatched}`).join(" ")}`);
  const seen = run.d.lanes.view();
  t.diagnostic(`lanes: ${JSON.stringify(seen.lanes.map((l) => ({ id: l.id, n: l.upstreams.length, share: l.share })))}; counters ${JSON.stringify(seen.counters)}; last ${JSON.stringify(seen.lastAction)}`);
  for (const r of rounds.slice(settled, settled + 3)) {
    assert.equal(r.ok, HEALTHY, `round ${r.round} polled ${r.ok} of ${HEALTHY} healthy`);
    assert.ok(r.wallMs <= r.deadlineMs + 250, `round ${r.round} closed by its deadline`);
  }
  const view = run.d.lanes.view();
  const dead = Array.from({ length: DEAD }, (_, i) => i);
  const deadLane = view.lanes.find((l) => l.upstreams.includes(0))!;
  t.diagnostic(`lanes: ${JSON.stringify(view.lanes.map((l) => ({ id: l.id, ups: l.upstreams.length > 20 ? l.upstreams.length : l.upstreams, share: l.share, load: Math.round(l.loadMs) })))} action: ${JSON.stringify(view.lastAction)}`);
  assert.deepEqual([...deadLane.upstreams].sort((a, b) => a - b), dead, "the dead upstreams, and only they, share a lane");
  assert.ok(view.counters.splits >= 1);

  // Visible to operators: /api/lanes names the lanes, their members and the reason; /metrics counts them.
  const api = (await (await fetch(`${run.d.url}/api/lanes`)).json()) as {
    enabled: boolean; lanes: Array<{ upstreams: number; members: string; share: number; default: boolean }>;
    last_action: { kind: string; reason: string } | null; splits: number;
  };
  assert.equal(api.enabled, true);
  assert.equal(api.lanes.length, view.lanes.length);
  const apiDead = api.lanes.find((l) => l.upstreams === DEAD && !l.default)!;
  assert.ok(apiDead.members.startsWith("node-"), apiDead.members);
  assert.equal(api.last_action?.kind, "Split");
  assert.match(api.last_action!.reason, /slot time|burned their whole budget/);
  const metrics = await (await fetch(`${run.d.url}/metrics`)).text();
  assert.match(metrics, new RegExp(`^quorumpoint_balance_lanes ${view.lanes.length}$`, "m"));
  assert.match(metrics, new RegExp(`^quorumpoint_balance_splits_total ${view.counters.splits}$`, "m"));
  assert.match(metrics, /^quorumpoint_balance_lane_slots\{lane="0"\} \d+$/m);
  t.diagnostic(`lanes: ${JSON.stringify(view.lanes.map((l) => ({ id: l.id, n: l.upstreams.length, share: l.share })))}`);
});
