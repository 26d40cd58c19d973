/**
 * Lane balancing, after Acki Nacki's LoadBalancingService (docs/balancer.md).
 *
 * Upstreams are grouped into lanes, each with a share of the poll slots; a lane that holds
 * too much slot time is split so its costliest upstreams (dead, slow) get a lane of their
 * own, and fair dispatch keeps any lane from taking more than its share while others have
 * work. Pure logic: no I/O, no timers. Used from the main thread:
 *
 *   const balancer = new Balancer({ upstreams: n, totalSlots, roundMs, window, threshold, maxLanes, noBalance });
 *   const fair = new FairDispatch(balancer.table);
 *   each round:
 *     fair.setTable(balancer.table); fair.enqueueRound(order); ...take()/release()...;
 *     at the deadline fair.abandonQueued();
 *     balancer.recordRound(slotMsByUpstream);         // ms each upstream held a slot
 *     const d = balancer.check();                     // ContinueAsIs | Split | Collapse | StatsAreNotReady
 *     if (d.kind === "Split" || d.kind === "Collapse") balancer.apply(d.proposal);
 *   status API / metrics collect: balancer.view()
 *
 * Units: load is slot time in ms. For each upstream and round, report the time its poll of
 * this round held a slot: ended - started from its shared-memory record, or deadline -
 * started when it was abandoned, 0 when it was never started. `threshold` is a fraction of
 * the pool's slot time over a window (totalSlots x roundMs x window); `roundMs` is the
 * round's deadline budget. See balancer.ts for the mapping from the source design.
 *
 * Metrics: read `balancer.view()` in a prom-client collect callback (per-lane load, share,
 * readiness; split and collapse counters); the balancer itself has no metrics dependency.
 */
export { Balancer } from "./balancer.js";
export type { RoundLoads } from "./balancer.js";
export { FairDispatch } from "./fair-dispatch.js";
export { LaneScheduler, lanesForPool } from "./lane-scheduler.js";
export type { LanePoolSettings } from "./lane-scheduler.js";
export type { LaneDispatchState } from "./fair-dispatch.js";
export { LanesTable, validateLanes } from "./lanes-table.js";
export type { Lane } from "./lanes-table.js";
export { LoadWindow } from "./load-window.js";
export { computeShares } from "./shares.js";
export { decide } from "./decide.js";
export type { DecideInput } from "./decide.js";
export {
  resolveBalancerConfig,
  defaultMaxLanes,
  MAX_LOAD_DISPROPORTION,
  MIN_SPLIT_GAP,
  DEFAULT_BALANCE_WINDOW,
  DEFAULT_BALANCE_THRESHOLD,
} from "./config.js";
export type { BalancerOptions, BalancerConfig } from "./config.js";
export type { Decision, DecisionKind, Proposal, TableChange, LaneLoad, LaneView, BalancerView } from "./types.js";
export { roundLoad } from "./round-load.js";
export type { RoundLoadInput } from "./round-load.js";
