/**
 * THE one place the bench decides how configurations 3 and 4 order their polls; the rest
 * of them is the same code (pool.ts).
 *
 * Both come from `lanesForPool`, the factory the daemon builds its scheduler with:
 * configuration 3 with --no-balance (one lane, FIFO in a start order rotated each round),
 * configuration 4 with the daemon's default balancer settings (lanes split and collapsed
 * by slot time, fair dispatch across them). Only the cap, timeout and interval are the
 * bench's, the same for every configuration.
 */
import { lanesForPool, roundLoad } from "../../src/balance/index.js";
import type { RoundReport } from "../../src/round/dispatcher.js";
import type { RoundScheduler } from "../../src/round/scheduler.js";
import type { LanesSummary } from "../model/protocol.js";

export interface Scheduling {
  scheduler: RoundScheduler;
  /** Called with every round's report before the next round starts. */
  afterRound(report: RoundReport): void;
  /** Rounds the balancer needs before its first decision (its window); 0 without lanes. */
  learningRounds: number;
  lanes(): LanesSummary;
}

export interface SchedulingOptions {
  upstreams: number;
  concurrency: number;
  timeoutMs: number;
  intervalMs: number;
  /** false: --no-balance. */
  balance: boolean;
}

export function scheduling(o: SchedulingOptions): Scheduling {
  const lanes = lanesForPool(o.upstreams, { pollConcurrency: o.concurrency, timeoutMs: o.timeoutMs, pollIntervalMs: o.intervalMs, balance: o.balance });
  return {
    scheduler: lanes,
    afterRound: (report) => void lanes.afterRound(roundLoad(report, o.timeoutMs)),
    learningRounds: o.balance ? lanes.balancer.config.window : 0,
    lanes: () => {
      const v = lanes.view();
      return { lanes: v.lanes.length, sizes: v.lanes.map((l) => l.upstreams.length), splits: v.counters.splits, collapses: v.counters.collapses };
    },
  };
}
