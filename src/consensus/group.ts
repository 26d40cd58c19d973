/**
 * Grouping votes into agreeing sets, in an order that does not depend on input order.
 */
import { QuorumpointError } from "../model/errors.js";
import type { CheckpointJson, VerifiedState } from "../model/outcome.js";
import type { Vote, VoteGroup } from "./types.js";

interface Member {
  upstream: number;
  state: VerifiedState;
  justified: CheckpointJson | null;
}

export interface GroupedVotes {
  /** Best first: most agreeing, then `compareGroups`. */
  groups: VoteGroup[];
  answering: number;
  total: number;
}

/**
 * Group the ok votes by (finalized slot, finalized root, state root, digest).
 *
 * Why not by checkpoint alone: the checkpoint root is hash_tree_root of the header that
 * commits to the state root, so two upstreams on the same checkpoint with different state
 * roots cannot both be right; counting them together would let a wrong state ride on
 * honest votes, and we would still have to pick whose bytes to serve. The digest is
 * implied by the state root for canonical SSZ; it is in the key anyway so that every
 * member of a winning group served exactly the bytes we serve (a non-canonical encoding
 * that still decoded, or a hash collision, splits the group instead of hiding in it).
 *
 * A duplicate upstream index is a bug in the caller (it would count one upstream twice):
 * it throws.
 */
export function groupVotes(votes: readonly Vote[]): GroupedVotes {
  const seen = new Set<number>();
  const byKey = new Map<string, Member[]>();
  let answering = 0;
  for (const vote of votes) {
    if (seen.has(vote.upstream)) {
      throw new QuorumpointError("INTERNAL_DUPLICATE_VOTE", `upstream ${vote.upstream} voted twice in one round`, { upstream: vote.upstream });
    }
    seen.add(vote.upstream);
    if (!vote.ok) continue;
    answering++;
    const s = vote.state;
    const key = `${s.finalized.slot}|${s.finalized.root}|${s.stateRoot}|${s.digest}`;
    let members = byKey.get(key);
    if (members === undefined) {
      members = [];
      byKey.set(key, members);
    }
    members.push({ upstream: vote.upstream, state: s, justified: vote.justified });
  }

  const groups: VoteGroup[] = [];
  for (const members of byKey.values()) {
    members.sort((a, b) => a.upstream - b.upstream);
    // Members' VerifiedStates describe the same bytes, so their facts are equal; take the
    // lowest upstream's anyway so that nothing depends on input order.
    const first = members[0].state;
    groups.push({
      finalized: first.finalized,
      stateRoot: first.stateRoot,
      digest: first.digest,
      state: first,
      agreeing: members.length,
      upstreams: members.map((m) => m.upstream),
      justified: members.map((m) => m.justified),
    });
  }
  groups.sort(compareGroups);
  return { groups, answering, total: votes.length };
}

/**
 * Best first: more agreeing upstreams, then the higher finalized slot, then the lower
 * root, state root and digest as strings. Any total order would do for determinism; the
 * slot comes first so that, among equals, listings show the most advanced view on top.
 */
export function compareGroups(a: VoteGroup, b: VoteGroup): number {
  return (
    b.agreeing - a.agreeing ||
    b.finalized.slot - a.finalized.slot ||
    compareStrings(a.finalized.root, b.finalized.root) ||
    compareStrings(a.stateRoot, b.stateRoot) ||
    compareStrings(a.digest, b.digest)
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
