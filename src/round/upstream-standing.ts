/**
 * Where an upstream stands against the checkpoint quorumpoint serves, after each round:
 * a lagging node, a forked one and a flapping one all answer polls, and "healthy" alone
 * says nothing of which they are.
 */
import type { CheckpointJson } from "../model/outcome.js";

export const STANDINGS = ["agrees", "lagging", "ahead", "conflicting", "flapping", "failing", "not_polled", "undecided"] as const;
/**
 * - agrees: its finalized checkpoint is the one served;
 * - lagging: an earlier checkpoint that the served state's history holds (behind, same chain);
 * - ahead: a later checkpoint (same chain or not: it is not the quorum's yet);
 * - conflicting: the served slot with another root, or an earlier slot the served history does not hold;
 * - flapping: its polls keep changing between answered and failed (two changes in the last eight);
 * - failing: its last poll failed; not_polled: never polled yet (no slot came free);
 * - undecided: it answers, but nothing is served to compare with.
 */
export type Standing = (typeof STANDINGS)[number];

/** Polls remembered for the flapping rule. */
export const RECENT_POLLS = 8;

export interface StandingInput {
  /** Results of the last RECENT_POLLS polls, oldest first (true = answered). */
  recent: readonly boolean[];
  polledEver: boolean;
  finalized: CheckpointJson | null;
}

/** `servedRootAt(slot)`: the root the served state records at an earlier slot, or null when its history does not reach it. */
export function standingOf(s: StandingInput, served: CheckpointJson | null, servedRootAt: (slot: number) => string | null): Standing {
  if (!s.polledEver) return "not_polled";
  const last = s.recent[s.recent.length - 1];
  if (changes(s.recent) >= 2) return "flapping";
  if (last !== true || s.finalized === null) return "failing";
  if (served === null) return "undecided";
  const f = s.finalized;
  if (f.slot === served.slot) return f.root === served.root ? "agrees" : "conflicting";
  if (f.slot > served.slot) return "ahead";
  return servedRootAt(f.slot) === f.root ? "lagging" : "conflicting";
}

function changes(recent: readonly boolean[]): number {
  let n = 0;
  for (let i = 1; i < recent.length; i++) if (recent[i] !== recent[i - 1]) n++;
  return n;
}
