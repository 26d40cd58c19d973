/**
 * The balancer's view as the API and dashboard show it: one flat row per lane (the
 * dashboard's lanes table takes its columns from the row's keys), members by name, and the
 * last decision and action with their reasons.
 */
import type { BalancerView } from "../balance/index.js";

export interface LaneRow {
  lane: number;
  default: boolean;
  upstreams: number;
  members: string;
  share: number;
  window_load_ms: number;
  load_pct: number;
  ready: boolean;
}

export interface LanesJson {
  enabled: boolean;
  window: number;
  threshold: number;
  max_lanes: number;
  total_slots: number;
  rounds: number;
  lanes: LaneRow[];
  last_decision: { round: number; kind: string; reason: string } | null;
  last_action: { round: number; kind: string; reason: string } | null;
  splits: number;
  collapses: number;
}

/** Member names shown per lane; a lane of hundreds is summarized by its count. */
const MEMBERS_SHOWN = 12;

export function lanesJson(v: BalancerView, names: readonly string[]): LanesJson {
  return {
    enabled: v.enabled, window: v.window, threshold: v.threshold, max_lanes: v.maxLanes, total_slots: v.totalSlots, rounds: v.rounds,
    lanes: v.lanes.map((l) => {
      const shown = l.upstreams.slice(0, MEMBERS_SHOWN).map((u) => names[u] ?? `#${u}`).join(", ");
      return {
        lane: l.id, default: l.isDefault, upstreams: l.upstreams.length,
        members: l.upstreams.length > MEMBERS_SHOWN ? `${shown}, … (+${l.upstreams.length - MEMBERS_SHOWN})` : shown,
        share: l.share, window_load_ms: Math.round(l.loadMs), load_pct: Math.round(l.loadFraction * 1000) / 10, ready: l.ready,
      };
    }),
    last_decision: v.lastDecision,
    last_action: v.lastAction ? { round: v.lastAction.round, kind: v.lastAction.change.kind, reason: v.lastAction.reason } : null,
    splits: v.counters.splits, collapses: v.counters.collapses,
  };
}
