/**
 * The one decision made before the windows are full: clear evidence. An upstream that
 * burned its whole poll budget in every round it was measured is dead or as good as dead
 * for dispatch, after a single round; waiting a full window for the load figures would
 * leave the healthy upstreams behind it starved that long (at start-up above all, when
 * every upstream shares the one lane). So a lane holding such members beside members that
 * answered within their budget is split between the two at once (the ones not polled yet
 * stay), while the table has room (fewer than --max-lanes lanes): no collapse can follow,
 * and nothing is decided on a partial window but this.
 */
import type { BalancerConfig } from "./config.js";
import type { LanesTable } from "./lanes-table.js";
import type { Decision } from "./types.js";

/** What the balancer knows of an upstream in its window so far. */
export type Evidence = "burned" | "answered" | "none";

export function earlySplit(table: LanesTable, evidence: (u: number) => Evidence, config: BalancerConfig, unready: readonly number[]): Decision | null {
  if (config.noBalance || table.size >= config.maxLanes) return null;
  for (const lane of table.lanes) {
    const burned = lane.upstreams.filter((u) => evidence(u) === "burned");
    if (burned.length === 0 || !lane.upstreams.some((u) => evidence(u) === "answered")) continue;
    const proposed = table.split(lane.id, burned);
    const child = proposed.lanes[proposed.indexOf(lane.id) - 1].id;
    return {
      ok: true,
      kind: "Split",
      reason: `before a full window: ${burned.length} upstreams of lane ${lane.id} burned their whole budget in every round they were polled; they move to lane ${child}, ${lane.upstreams.length - burned.length} stay`,
      unready,
      proposal: { table: proposed, baseVersion: table.version, change: { kind: "Split", parent: lane.id, child, moved: burned } },
    };
  }
  return null;
}
