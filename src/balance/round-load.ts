/**
 * The balancer's load figure for one round: the slot time (ms) each upstream held, from
 * the round's slot records, with one rule of the balancer's own. A poll of this round that
 * timed out, having had at least half its bound before the deadline, costs a whole
 * timeout (a first contact's shorter bound too: it is the same evidence): a blackholed upstream costs a whole timeout even when the deadline cut it short,
 * so every dead peer weighs the same and a lane of them is not mistaken for a mix of cheap
 * and costly. A poll dispatched so close to the deadline that it timed out with less than
 * half its bound says nothing of its upstream (a healthy one could time out as well): it
 * counts 0, which the balancer reads as "not measured" (split-cut.ts), never as cheap.
 */
import type { PollOutcome } from "../model/outcome.js";
import type { SlotHold } from "../model/slot-hold.js";

/** The least a measured poll costs: one tick of the ms clock. */
export const MEASURED_FLOOR_MS = 1;

export interface RoundLoadInput {
  startedMs: number;
  endedMs: number;
  deadlineMs: number;
  /** Upstreams this round dispatched. */
  dispatchedUpstreams: readonly number[];
  /** One outcome per upstream, by index. */
  outcomes: readonly PollOutcome[];
  /** One hold per upstream, by index, read when the round closed. */
  holds: readonly SlotHold[];
  /** The bound each dispatched poll was given (a first contact's is shorter); absent or 0 = timeoutMs. */
  pollBoundsMs?: ArrayLike<number>;
}

export function roundLoad(r: RoundLoadInput, timeoutMs: number): Float64Array {
  const out = new Float64Array(r.holds.length);
  for (let u = 0; u < out.length; u++) {
    const h = r.holds[u]!;
    if (h.dispatchedMs === 0) continue;
    // A poll that gave its slot back early (waiting on another's verification) held it until then.
    const until = h.releasedMs > 0 ? h.releasedMs : h.ended ? h.endedMs : r.endedMs;
    out[u] = Math.max(0, Math.min(until, r.endedMs) - Math.max(h.dispatchedMs, r.startedMs));
  }
  for (const u of r.dispatchedUpstreams) {
    const o = r.outcomes[u];
    const bound = r.pollBoundsMs?.[u] || timeoutMs;
    const hadBudget = r.deadlineMs - r.holds[u]!.dispatchedMs >= bound / 2;
    if (o && !o.ok && o.code === "timeout") out[u] = hadBudget ? Math.max(out[u]!, timeoutMs) : 0;
    // Measured at all: the ms clock reads 0 for a fast poll, and 0 means "not measured" to the balancer.
    else out[u] = Math.max(out[u]!, MEASURED_FLOOR_MS);
  }
  return out;
}
