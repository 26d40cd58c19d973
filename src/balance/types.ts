/**
 * The balancer's decisions and read-only views. Plain data (apart from the proposed
 * `LanesTable`), so logs, the status API and metrics can show them as they are.
 */
import type { LanesTable } from "./lanes-table.js";

/** What a lane's window says, as `decide` reads it. */
export interface LaneLoad {
  /** Slot time (ms) the lane's upstreams held, summed over the rounds in its window. */
  load: number;
  /** The window has filled since the lane began or was last reset. */
  ready: boolean;
}

export type TableChange =
  | { kind: "Split"; parent: number; child: number; moved: readonly number[] }
  | { kind: "Collapse"; folded: number; into: number };

/** A proposed new table (the source's `Proposal { proposed_threads_table }`). */
export interface Proposal {
  readonly table: LanesTable;
  /** Version of the table it replaces; `Balancer.apply` refuses a stale proposal. */
  readonly baseVersion: number;
  readonly change: TableChange;
}

/**
 * The answer of `check()`, named after the source: `ThreadAction` (ContinueAsIs, Split,
 * Collapse) when `ok`, `CheckError` (StatsAreNotReady, LaneNotInTable) when not. Every
 * answer says why, and lists the lanes whose window is not full yet (never ignored
 * silently: they are left out of the min/max scan, and with too many of them there is no
 * decision at all).
 */
export type Decision =
  | { ok: true; kind: "ContinueAsIs"; reason: string; unready: readonly number[] }
  | { ok: true; kind: "Split"; reason: string; unready: readonly number[]; proposal: Proposal }
  | { ok: true; kind: "Collapse"; reason: string; unready: readonly number[]; proposal: Proposal }
  | { ok: false; kind: "StatsAreNotReady"; reason: string; unready: readonly number[] }
  | { ok: false; kind: "LaneNotInTable"; reason: string; lane: number };

export type DecisionKind = Decision["kind"];

export interface LaneView {
  id: number;
  isDefault: boolean;
  upstreams: number[];
  share: number;
  /** Slot time (ms) held over the rounds in the window. */
  loadMs: number;
  /** loadMs over the pool's slot time for a full window (totalSlots x roundMs x window). */
  loadFraction: number;
  roundsInWindow: number;
  ready: boolean;
}

/** A read-only snapshot for the status API, the dashboard and the metrics collect callback. */
export interface BalancerView {
  enabled: boolean;
  window: number;
  threshold: number;
  maxLanes: number;
  totalSlots: number;
  roundMs: number;
  /** Rounds recorded so far. */
  rounds: number;
  tableVersion: number;
  lanes: LaneView[];
  lastDecision: { round: number; kind: DecisionKind; reason: string } | null;
  lastAction: { round: number; reason: string; change: TableChange } | null;
  counters: { splits: number; collapses: number; checks: number; notReady: number };
}
