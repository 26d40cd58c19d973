/**
 * Where to split a lane: by the same figure that made it a candidate, each member's share
 * of the lane's window load (the lane's load is exactly their sum). Members are sorted by
 * that figure, costliest first, and the child takes every member above the cheapest
 * cluster: the cut is the first drop of at least MIN_SPLIT_GAP met coming up from the
 * cheapest member. The source splits a thread into two halves of about equal load; here
 * equal halves of a lane full of dead upstreams would help nobody. Not the widest drop
 * either: dead upstreams abandoned part-way through a window are charged less than those
 * that held a slot every round, and the widest drop can fall between those two, leaving
 * some dead peers behind with the healthy ones (seen on the 64-node devnet scenario).
 *
 * A member with no slot time at all in the window was never started: its cost is unknown,
 * not zero. Unmeasured members stay in the parent and take no part in finding the cut, and
 * a split needs a member measured cheap. Otherwise a lane of dead peers whose share cannot
 * start all of them would keep "finding" cheap members and split again and again, each
 * time taking another slot from the healthy lanes.
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

/** The cut above the cheapest cluster, or null when no drop reaches MIN_SPLIT_GAP (a uniform lane). */
export function chooseCut(members: readonly number[], upstreamLoad: ArrayLike<number>): SplitCut | null {
  const unmeasured = members.filter((u) => !(upstreamLoad[u] > 0));
  const measured = members.filter((u) => upstreamLoad[u] > 0);
  if (measured.length < 2) return null;
  const sorted = measured.sort((a, b) => upstreamLoad[b] - upstreamLoad[a] || a - b);
  const top = upstreamLoad[sorted[0]];
  if (!(top > 0)) return null;
  const eps = top * NOISE_FLOOR;
  let best = 0;
  let bestGap = 0;
  for (let k = sorted.length - 1; k >= 1; k--) {
    const gap = (upstreamLoad[sorted[k - 1]] + eps) / (upstreamLoad[sorted[k]] + eps);
    if (gap >= MIN_SPLIT_GAP) {
      bestGap = gap;
      best = k;
      break;
    }
  }
  if (best === 0) return null;
  const child = sorted.slice(0, best);
  const parent = [...sorted.slice(best), ...unmeasured];
  const sum = (us: number[]) => us.reduce((s, u) => s + upstreamLoad[u], 0);
  return { child, parent, childLoad: sum(child), parentLoad: sum(parent), gap: bestGap };
}
