/**
 * Balancer settings: the user-facing options (`--balance-window`, `--balance-threshold`,
 * `--max-lanes`, `--no-balance`), the figures the daemon supplies (upstream count, pool
 * size, round budget), and the tuning constants, each with the reason for its value.
 */
import { ConfigError } from "../model/errors.js";

/**
 * At capacity a split needs the heaviest lane's load to exceed this many times the
 * lightest lane's. It can never be less than 2 (the source's note): splitting a lane of
 * load L yields parts that sum to L, so with a smaller factor a part can come out lighter
 * than the old minimum, become the next collapse target and be folded straight back: split
 * and collapse would chase each other forever.
 */
export const MAX_LOAD_DISPROPORTION = 2;

/**
 * A split cuts a lane where its upstreams' window loads, sorted, drop by at least this
 * factor. Costs within 4x of each other are one class (network jitter and state size move
 * a healthy upstream's cost by 2x easily); the split exists to separate classes: healthy
 * (milliseconds), slow (hundreds) and dead (the whole timeout). A lane whose members are
 * all alike is not split at all: halving a lane of dead upstreams helps nobody.
 */
export const MIN_SPLIT_GAP = 4;

export const DEFAULT_BALANCE_WINDOW = 8;

/**
 * A lane is a split candidate when its window load exceeds this fraction of the pool's
 * slot time over the window (totalSlots x roundMs x window). A quarter: below that, the
 * other slots carry the round comfortably and a new lane would only cost a share.
 */
export const DEFAULT_BALANCE_THRESHOLD = 0.25;

/** More lanes than this fragments the shares; the classes worth separating are few. */
export const MAX_DEFAULT_LANES = 8;

/**
 * `--max-lanes` when not given: half the pool (so a lane keeps about two slots), at least
 * 2 when the pool has 2 slots or more, and at most MAX_DEFAULT_LANES.
 */
export function defaultMaxLanes(totalSlots: number): number {
  if (totalSlots <= 1) return 1;
  return Math.min(MAX_DEFAULT_LANES, Math.max(2, Math.floor(totalSlots / 2)));
}

export interface BalancerOptions {
  /** Number of configured upstreams; they are 0..upstreams-1 everywhere in this module. */
  upstreams: number;
  /** Poll slots in the pool (`--poll-concurrency`). */
  totalSlots: number;
  /** A round's time budget in ms (its deadline): the most slot time one slot gives a round. */
  roundMs: number;
  /** --timeout-ms: a round load of at least this is a poll that burned its whole budget (0 = unknown: no early split). */
  timeoutMs?: number;
  /** `--balance-window`: rounds per load window. */
  window?: number;
  /** `--balance-threshold`: fraction (0, 1] of the pool's slot time over the window. */
  threshold?: number;
  /** `--max-lanes`: the table may reach maxLanes + 1 for the span of one collapse. */
  maxLanes?: number;
  /** `--no-balance`: one lane forever (the plain bounded pool, for comparison). */
  noBalance?: boolean;
  /** Tuning; must be >= 2 (see MAX_LOAD_DISPROPORTION). */
  maxLoadDisproportion?: number;
}

export interface BalancerConfig {
  upstreams: number;
  totalSlots: number;
  roundMs: number;
  timeoutMs: number;
  window: number;
  threshold: number;
  maxLanes: number;
  noBalance: boolean;
  maxLoadDisproportion: number;
}

/** Fills defaults and validates; a bad value throws a ConfigError naming the setting. */
export function resolveBalancerConfig(o: BalancerOptions): BalancerConfig {
  const c: BalancerConfig = {
    upstreams: o.upstreams,
    totalSlots: o.totalSlots,
    roundMs: o.roundMs,
    timeoutMs: o.timeoutMs ?? 0,
    window: o.window ?? DEFAULT_BALANCE_WINDOW,
    threshold: o.threshold ?? DEFAULT_BALANCE_THRESHOLD,
    maxLanes: o.maxLanes ?? defaultMaxLanes(o.totalSlots),
    noBalance: o.noBalance ?? false,
    maxLoadDisproportion: o.maxLoadDisproportion ?? MAX_LOAD_DISPROPORTION,
  };
  integerAtLeast("upstreams", c.upstreams, 1);
  integerAtLeast("poll-concurrency", c.totalSlots, 1);
  if (!(c.roundMs > 0) || !Number.isFinite(c.roundMs)) throw new ConfigError("round-ms", c.roundMs, "must be a number > 0");
  integerAtLeast("balance-window", c.window, 1);
  if (!(c.threshold > 0 && c.threshold <= 1)) throw new ConfigError("balance-threshold", c.threshold, "must be a fraction in (0, 1]");
  integerAtLeast("max-lanes", c.maxLanes, 1);
  if (!(c.maxLoadDisproportion >= 2) || !Number.isFinite(c.maxLoadDisproportion)) {
    throw new ConfigError("max-load-disproportion", c.maxLoadDisproportion, "must be >= 2, or splits and collapses loop forever");
  }
  return c;
}

function integerAtLeast(setting: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ConfigError(setting, value, `must be an integer >= ${min}`);
}
