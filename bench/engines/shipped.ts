/**
 * THE one place the bench decides how configurations 3 and 4 order their polls; the rest
 * of them is the same code (pool.ts).
 *
 * Both are the daemon's LaneScheduler, built with the arguments src/daemon/index.ts gives
 * it: configuration 3 with --no-balance (one lane, FIFO in a start order rotated each
 * round), configuration 4 with the daemon's default balancer settings (lanes split and
 * collapsed by slot time, fair dispatch across them). If the daemon's wiring changes, change
 * it here too; better, both should call one factory in src/ (asked of the lead).
 */
import { LaneScheduler } from "../../src/balance/index.js";
import type { RoundReport } from "../../src/poll/dispatcher.js";
import type { RoundScheduler } from "../../src/poll/scheduler.js";

export interface LanesSummary {
  lanes: number;
  /** Members per lane, the default lane last. */
  sizes: number[];
  splits: number;
  collapses: number;
}

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
  /** The round budget (deadline - start) in ms. */
  roundMs: number;
  /** false: --no-balance. */
  balance: boolean;
}

export function scheduling(o: SchedulingOptions): Scheduling {
  const lanes = new LaneScheduler({ upstreams: o.upstreams, totalSlots: o.concurrency, roundMs: o.roundMs, noBalance: !o.balance });
  return {
    scheduler: lanes,
    afterRound: (report) => void lanes.afterRound(report.slotMs),
    learningRounds: o.balance ? lanes.balancer.config.window : 0,
    lanes: () => {
      const v = lanes.view();
      return { lanes: v.lanes.length, sizes: v.lanes.map((l) => l.upstreams.length), splits: v.counters.splits, collapses: v.counters.collapses };
    },
  };
}
