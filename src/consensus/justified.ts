/**
 * The justified checkpoint served beside the agreed finalized state.
 */
import type { CheckpointJson } from "../model/outcome.js";
import { compareStrings } from "./group.js";
import type { JustifiedSource, VoteGroup } from "./types.js";

export interface PickedJustified {
  justified: CheckpointJson;
  source: JustifiedSource;
}

/**
 * Choose the justified checkpoint for a winning group, in this order:
 *
 * 1. "upstreams": the justified checkpoint (the aux call) reported by the most members of
 *    the agreeing group, ignoring reports older than the agreed finalized slot (a
 *    finalized checkpoint was justified first, so such a report is stale or wrong). Only
 *    the agreeing group counts: an upstream on another fork has no say. Ties go to the
 *    higher slot (up-to-date honest nodes report the newer one; a report can never reach
 *    below the finalized slot, so a tie cannot drag us backwards), then the lower root,
 *    so the answer never depends on input order.
 * 2. "state": the state's own latest_justified, when it is not older than the finalized
 *    checkpoint. The bytes prove it, but being the post-state of the finalized block it
 *    usually predates that block, so this rarely applies.
 * 3. "finalized": the finalized checkpoint itself, which was justified before it was
 *    finalized: the newest justified checkpoint the bytes alone can vouch for.
 */
export function pickJustified(group: VoteGroup): PickedJustified {
  const finalizedSlot = group.finalized.slot;
  const counts = new Map<string, { checkpoint: CheckpointJson; count: number }>();
  for (const j of group.justified) {
    if (j === null || j.slot < finalizedSlot) continue;
    const key = `${j.slot}|${j.root}`;
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { checkpoint: { slot: j.slot, root: j.root }, count: 1 });
    else entry.count++;
  }
  let best: { checkpoint: CheckpointJson; count: number } | undefined;
  for (const c of counts.values()) {
    if (best === undefined || beats(c, best)) best = c;
  }
  if (best !== undefined) return { justified: best.checkpoint, source: "upstreams" };

  const own = group.state.stateJustified;
  if (own.slot >= finalizedSlot) return { justified: { slot: own.slot, root: own.root }, source: "state" };
  return { justified: { slot: finalizedSlot, root: group.finalized.root }, source: "finalized" };
}

function beats(a: { checkpoint: CheckpointJson; count: number }, b: { checkpoint: CheckpointJson; count: number }): boolean {
  if (a.count !== b.count) return a.count > b.count;
  if (a.checkpoint.slot !== b.checkpoint.slot) return a.checkpoint.slot > b.checkpoint.slot;
  return compareStrings(a.checkpoint.root, b.checkpoint.root) < 0;
}
