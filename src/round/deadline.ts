/**
 * The round deadline.
 *
 *   batches  = ceil(upstreams / poll_concurrency)
 *   margin   = min(200, poll_interval_ms / 20)
 *   deadline = round_start + min(poll_interval_ms − margin, batches × timeout_ms)
 *
 * `batches × timeout_ms` is the time a round needs in the worst case where every poll runs
 * to its full bound; capping it just inside the interval keeps rounds at their fixed rate,
 * so a round full of dead peers cannot push the next one back (the margin leaves the
 * round's bookkeeping room before the next tick). A poll's own budget is
 * min(deadline − now, timeout_ms), so no poll runs past the round that dispatched it by
 * more than the moment it takes to notice; at the deadline the main thread abandons
 * whatever is left (its slot stays taken until the worker really ends it).
 */
/** Room left between a round's deadline and the next tick for quorum, store and logs (they take ~1 ms). */
export const ROUND_MARGIN_MS = 200;

export function roundBudgetMs(upstreams: number, concurrency: number, timeoutMs: number, intervalMs: number): number {
  const batches = Math.max(1, Math.ceil(upstreams / Math.max(1, concurrency)));
  const margin = Math.min(ROUND_MARGIN_MS, intervalMs / 20);
  return Math.floor(Math.min(intervalMs - margin, batches * timeoutMs));
}
