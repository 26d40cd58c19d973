/**
 * The workloads: N upstreams with a fault mix. Faulty nodes are spread evenly over the
 * upstream list (node i for i = ceil((k + 1) x N / count) - 1): a configured list has its
 * dead peers anywhere, and a FIFO queue meets them as it goes. Or they are the first ones
 * (a plan entry's placement, or `--faults-at first`): the worst case for a FIFO queue,
 * every slot taken by a dead peer before any healthy one starts. Each mix is applied to
 * the running devnet with setBehaviour, so one devnet per N serves every mix in turn.
 */
import type { BehaviourName } from "../../src/devnet/index.js";

export const MIXES = ["healthy", "blackhole", "trickle"] as const;
export type MixName = (typeof MIXES)[number];

interface MixRule {
  behaviour: BehaviourName | null;
  fraction: number;
  title: string;
}

export const MIX_RULES: Record<MixName, MixRule> = {
  healthy: { behaviour: null, fraction: 0, title: "all healthy" },
  blackhole: { behaviour: "blackhole", fraction: 0.25, title: "25% blackholed" },
  // The devnet's trickle default: 1 KiB every 10 ms, so a 16 MB body would take minutes.
  trickle: { behaviour: "trickle", fraction: 0.1, title: "10% trickle" },
};

export const FAULT_PLACEMENTS = ["spread", "first"] as const;
export type FaultPlacement = (typeof FAULT_PLACEMENTS)[number];

export interface Workload {
  /** e.g. "64x16MB blackhole", or "256x16MB blackhole first" with the faulty nodes first. */
  key: string;
  nodes: number;
  mix: MixName;
  /** Where the faulty nodes are in the upstream list (results written before it had one: spread). */
  at?: FaultPlacement;
  /** Node indices given the mix's behaviour; every other node is healthy. */
  faulty: number[];
}

/** Indices of `round(fraction x n)` nodes (at least one when fraction > 0): evenly spread, or the first ones. */
export function spreadFaults(n: number, fraction: number, at: FaultPlacement = "spread"): number[] {
  if (fraction <= 0) return [];
  const count = Math.min(n, Math.max(1, Math.round(fraction * n)));
  if (at === "first") return Array.from({ length: count }, (_, k) => k);
  return Array.from({ length: count }, (_, k) => Math.ceil(((k + 1) * n) / count) - 1);
}

export function healthyMask(w: Workload): boolean[] {
  const bad = new Set(w.faulty);
  return Array.from({ length: w.nodes }, (_, i) => !bad.has(i));
}

export function workloadKey(nodes: number, stateMb: number, mix: MixName, at: FaultPlacement = "spread"): string {
  return `${nodes}x${stateMb}MB ${mix}${at === "first" && mix !== "healthy" ? " first" : ""}`;
}

/** "25% blackholed", "25% blackholed, first in the list": for headings and labels. */
export function workloadTitle(w: Workload): string {
  return MIX_RULES[w.mix].title + (w.at === "first" && w.faulty.length ? ", first in the list" : "");
}

export type PlanEntry = readonly [nodes: number, mix: MixName, at: FaultPlacement];

/**
 * The full run when neither --nodes nor --workloads is given: about 35 minutes on the
 * 2-core machine. Fault rounds are the dearest (a dead upstream costs a whole timeout, and
 * at 256 nodes every such round runs to its deadline), so trickle runs at 64 only, and the
 * dead peers first only at 256 (at 64 with a cap of 16, the deadline leaves room for every
 * configuration to reach every healthy node whatever the order); ask for more with
 * --nodes, --workloads (their cross product) and --faults-at.
 */
export const DEFAULT_PLAN: readonly PlanEntry[] = [
  [8, "healthy", "spread"], [64, "healthy", "spread"], [64, "blackhole", "spread"], [64, "trickle", "spread"],
  [256, "healthy", "spread"], [256, "blackhole", "spread"], [256, "blackhole", "first"],
];

export function crossPlan(nodes: readonly number[], mixes: readonly MixName[], at: FaultPlacement = "spread"): PlanEntry[] {
  return nodes.flatMap((n) => mixes.map((m): PlanEntry => [n, m, at]));
}

/**
 * The plan's workloads, in order, except fault mixes where N <= cap: there every poll is
 * in flight at once, no order or lane can matter, and the round only measures the timeout
 * the faulty nodes cost.
 */
export function planWorkloads(plan: readonly PlanEntry[], stateMb: number, cap: number): Workload[] {
  return plan
    .filter(([n, mix]) => mix === "healthy" || n > cap)
    .map(([n, mix, at]) => ({ key: workloadKey(n, stateMb, mix, at), nodes: n, mix, at, faulty: spreadFaults(n, MIX_RULES[mix].fraction, at) }));
}
