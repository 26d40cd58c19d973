/**
 * The round deadline.
 *
 *   batches  = ceil(upstreams / poll_concurrency)
 *   deadline = round_start + min(poll_interval_ms, batches × timeout_ms)
 *
 * `batches × timeout_ms` is the time a round needs in the worst case where every poll runs
 * to its full bound; capping it at the interval keeps rounds at their fixed rate, so a
 * round full of dead peers cannot push the next one back. A poll's own budget is
 * min(deadline − now, timeout_ms), so no poll runs past the round that dispatched it by
 * more than the moment it takes to notice; at the deadline the main thread abandons
 * whatever is left (its slot stays taken until the worker really ends it).
 */
export function roundBudgetMs(upstreams: number, concurrency: number, timeoutMs: number, intervalMs: number): number {
  const batches = Math.max(1, Math.ceil(upstreams / Math.max(1, concurrency)));
  return Math.min(intervalMs, batches * timeoutMs);
}
