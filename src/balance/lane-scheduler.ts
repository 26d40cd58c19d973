/**
 * LaneScheduler: the balancer as the dispatcher sees it. It answers the dispatcher's
 * `RoundScheduler` questions with fair dispatch across lanes, and after each round feeds
 * the round's slot time to the balancer, asks `check()` once and applies at most one
 * Split or Collapse before the next round. With --no-balance it is the plain bounded pool:
 * one lane, FIFO, never changed.
 */
import { roundBudgetMs } from "../round/deadline.js";
import type { RoundScheduler } from "../round/scheduler.js";
import { Balancer } from "./balancer.js";
import type { BalancerOptions } from "./config.js";
import { FairDispatch } from "./fair-dispatch.js";
import type { BalancerView, Decision } from "./types.js";

/** The daemon's settings a LaneScheduler is built from (a ServeConfig has them all). */
export interface LanePoolSettings {
  pollConcurrency: number;
  timeoutMs: number;
  pollIntervalMs: number;
  /** false: --no-balance. */
  balance: boolean;
  balanceWindow?: number;
  balanceThreshold?: number;
  maxLanes?: number;
}

/**
 * The scheduler as the daemon builds it for `upstreams` upstreams: the one place that maps
 * settings to balancer options (the daemon and `npm run bench` both call it).
 */
export function lanesForPool(upstreams: number, s: LanePoolSettings): LaneScheduler {
  return new LaneScheduler({
    upstreams, totalSlots: s.pollConcurrency, noBalance: !s.balance,
    roundMs: roundBudgetMs(upstreams, s.pollConcurrency, s.timeoutMs, s.pollIntervalMs), timeoutMs: s.timeoutMs,
    window: s.balanceWindow, threshold: s.balanceThreshold, maxLanes: s.maxLanes,
  });
}

const NONE: ReadonlySet<number> = new Set();

export class LaneScheduler implements RoundScheduler {
  readonly balancer: Balancer;
  readonly #fair: FairDispatch;
  #rounds = 0;
  /** This round's start order. */
  #order: number[] = [];
  /** Upstreams the last round did not measure (never started, or cut short: 0 slot time), in start order. */
  #unmeasured: number[] = [];

  constructor(options: BalancerOptions) {
    this.balancer = new Balancer(options);
    this.#fair = new FairDispatch(this.balancer.table);
  }

  beginRound(upstreams: readonly number[], firstContacts: ReadonlySet<number> = NONE): void {
    // The dispatcher passes only upstreams whose last poll ended, so none is skipped here.
    this.#order = startOrder(upstreams, this.#unmeasured, this.#rounds++, firstContacts);
    this.#fair.enqueueRound(this.#order);
  }

  take(): number | null {
    return this.#fair.take();
  }

  release(u: number): boolean {
    return this.#fair.release(u);
  }

  remaining(): number {
    return this.#fair.queued;
  }

  endRound(): number[] {
    return this.#fair.abandonQueued();
  }

  /**
   * After a round: record each upstream's slot time (ms), decide, and apply a Split or
   * Collapse between rounds. Returns the decision, for the log and the API.
   */
  afterRound(slotMs: ArrayLike<number>): Decision {
    this.#unmeasured = this.#order.filter((u) => !(slotMs[u]! > 0));
    this.balancer.recordRound(slotMs);
    const d = this.balancer.check();
    if ((d.kind === "Split" || d.kind === "Collapse") && !this.balancer.config.noBalance) {
      this.balancer.apply(d.proposal);
      this.#fair.setTable(this.balancer.table);
    }
    return d;
  }

  view(): BalancerView {
    return this.balancer.view();
  }
}

/**
 * The round's start order: first the upstreams the last round did not measure, in the order
 * they were waiting, then the rest rotated (`rotate`). Not measured: never started before
 * the deadline, or started so late that the deadline cut the poll short, which the
 * dispatcher charges 0 slot time (round/dispatcher.ts). A lane that cannot measure all its
 * members in one round (a lane of dead peers with two slots, or the single lane of the
 * first rounds, whose slots dead peers hold until their timeout) so goes round-robin
 * across rounds. Rotation alone left two dead neighbours unmeasured for a whole balancer
 * window (seen on the 64-node devnet test): the split then kept them with the healthy
 * upstreams (split-cut.ts), and an upstream that is never polled is never seen to recover.
 */
export function startOrder(upstreams: readonly number[], unmeasured: readonly number[], round: number, firstContacts: ReadonlySet<number> = NONE): number[] {
  const free = new Set(upstreams);
  const first = unmeasured.filter((u) => free.has(u));
  const waited = new Set(first);
  const order = [...first, ...rotate(upstreams.filter((u) => !waited.has(u)), round)];
  if (firstContacts.size === 0) return order;
  // First contacts go last (in the same relative order): after start-up, dead upstreams not
  // yet contacted would otherwise start first and hold the slots for a whole round.
  return [...order.filter((u) => !firstContacts.has(u)), ...order.filter((u) => firstContacts.has(u))];
}


/**
 * Rotated by a different offset each round (golden-ratio steps, so offsets spread evenly)
 * and mirrored every other round. In a fixed order the same members of a lane always start
 * last, just before the deadline: they would be the ones always missed, and never measured
 * by the balancer. Rotation alone keeps a run of neighbours in the same inner order; the
 * mirror puts whatever started late in one round early in the next.
 */
export function rotate(order: readonly number[], round: number): number[] {
  if (order.length < 2) return [...order];
  const offset = Math.floor(((round * 0.6180339887) % 1) * order.length);
  const rotated = [...order.slice(offset), ...order.slice(0, offset)];
  return round % 2 === 1 ? rotated.reverse() : rotated;
}
