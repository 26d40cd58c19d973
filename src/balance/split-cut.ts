/**
 * Where to split a lane: by the same figure that made it a candidate, each member's share
 * of the lane's window load (the lane's load is exactly their sum). Members are sorted by
 * that figure, costliest first, and the child takes the costliest ones down to the widest
 * drop in cost. The source splits a thread into two halves of about equal load; here equal
 * halves of a lane full of dead upstreams would help nobody, while cutting at the widest
 * drop puts the slot hogs in a lane of their own.
 */
import { MIN_SPLIT_GAP } from "./config.js";

export interface SplitCut {
  /** The costliest members: they move to the new lane above. */
  child: number[];
  /** The rest: they stay in the parent. */
  parent: number[];
  childLoad: number;
  parentLoad: number;
  /** Cost ratio across the cut (smoothed, see NOISE_FLOOR). */
  gap: number;
}

/**
 * Costs below 1% of the lane's costliest member count as the same (near) zero, so an
 * upstream that held 5 ms and one that was not reached this window (0 ms) do not look like
 * an infinite gap, while a dead upstream next to either still does.
 */
const NOISE_FLOOR = 0.01;

/** The cut at the widest drop, or null when no drop reaches MIN_SPLIT_GAP (a uniform lane). */
export function chooseCut(members: readonly number[], upstreamLoad: ArrayLike<number>): SplitCut | null {
  if (members.length < 2) return null;
  const sorted = [...members].sort((a, b) => upstreamLoad[b] - upstreamLoad[a] || a - b);
  const top = upstreamLoad[sorted[0]];
  if (!(top > 0)) return null;
  const eps = top * NOISE_FLOOR;
  let best = 0;
  let bestGap = 0;
  for (let k = 1; k < sorted.length; k++) {
    const gap = (upstreamLoad[sorted[k - 1]] + eps) / (upstreamLoad[sorted[k]] + eps);
    if (gap > bestGap) {
      bestGap = gap;
      best = k;
    }
  }
  if (bestGap < MIN_SPLIT_GAP) return null;
  const child = sorted.slice(0, best);
  const parent = sorted.slice(best);
  const sum = (us: number[]) => us.reduce((s, u) => s + upstreamLoad[u], 0);
  return { child, parent, childLoad: sum(child), parentLoad: sum(parent), gap: bestGap };
}
