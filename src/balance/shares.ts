/**
 * How many poll slots each lane is owed: proportional to its member count, at least one
 * slot per lane while there are enough slots, and exactly `totalSlots` in all.
 *
 * Why members and not load: a lane's share is what it may hold while others still have
 * work; fair dispatch hands every slot a lane leaves unused to the others. So the share
 * only has to bound what a lane of dead upstreams can take from the healthy ones, and
 * member count does that without feeding the load back into itself (16 dead of 64 on 8
 * slots: 2 slots, and the 48 healthy keep 6).
 */
export function computeShares(memberCounts: readonly number[], totalSlots: number): number[] {
  const n = memberCounts.length;
  if (n === 0) return [];
  const members = memberCounts.reduce((a, b) => a + b, 0);
  if (n > totalSlots) return sharesWhenScarce(memberCounts, totalSlots);

  const quota = memberCounts.map((m) => (members === 0 ? totalSlots / n : (totalSlots * m) / members));
  const share = quota.map((q) => Math.max(1, Math.floor(q)));
  let sum = share.reduce((a, b) => a + b, 0);
  // The floor of 1 can overshoot: take back from the lane most above its quota.
  while (sum > totalSlots) {
    const i = argBest(n, (j) => (share[j] > 1 ? share[j] - quota[j] : -Infinity), memberCounts);
    share[i]--;
    sum--;
  }
  // Largest remainder: hand the slots left to the lanes most below their quota.
  while (sum < totalSlots) {
    const i = argBest(n, (j) => quota[j] - share[j], memberCounts);
    share[i]++;
    sum++;
  }
  return share;
}

/** More lanes than slots: one slot each to the biggest lanes, 0 to the rest (they get spare slots). */
function sharesWhenScarce(memberCounts: readonly number[], totalSlots: number): number[] {
  const order = memberCounts.map((m, i) => ({ m, i })).sort((a, b) => b.m - a.m || b.i - a.i);
  const share = memberCounts.map(() => 0);
  for (const { i } of order.slice(0, totalSlots)) share[i] = 1;
  return share;
}

/** Index with the highest score; ties go to the bigger lane, then to the later one (nearer the default). */
function argBest(n: number, score: (i: number) => number, memberCounts: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < n; i++) {
    const d = score(i) - score(best);
    if (d > 1e-12 || (Math.abs(d) <= 1e-12 && memberCounts[i] >= memberCounts[best])) best = i;
  }
  return best;
}
