/**
 * The quorum rule. Pure and deterministic: the same multiset of votes gives the same
 * decision in any order.
 *
 * Unlike the Zig leanpoint (which votes on slot numbers alone and passes at exactly half),
 * a vote here is the checkpoint its upstream's own verified bytes prove, a win needs
 * strictly more than the quorum share, and a tie never picks a side.
 */
import { ConfigError } from "../model/errors.js";
import { groupVotes } from "./group.js";
import { pickJustified } from "./justified.js";
import { QUORUM_BASES } from "./types.js";
import type { QuorumAgreed, QuorumBase, QuorumConfig, QuorumCount, QuorumDecision, QuorumOptions, Vote } from "./types.js";

/** `--quorum`: strictly more than half, so two disjoint groups can never both win. */
export const DEFAULT_QUORUM = 0.5;
/** `--min-agree`: one, so a single-upstream setup works; raise it for real deployments. */
export const DEFAULT_MIN_AGREE = 1;
/** `--quorum-of`: a share of every configured upstream, so that dead ones do not hand the decision to the rest. */
export const DEFAULT_QUORUM_OF: QuorumBase = "configured";

/** Resolve and validate the quorum settings; a bad value throws `ConfigError`. */
export function resolveQuorumConfig(options: QuorumOptions = {}): QuorumConfig {
  const quorum = options.quorum ?? DEFAULT_QUORUM;
  const minAgree = options.minAgree ?? DEFAULT_MIN_AGREE;
  const quorumOf = options.quorumOf ?? DEFAULT_QUORUM_OF;
  // quorum = 1 would need more than every answering upstream: nothing could ever win.
  if (typeof quorum !== "number" || !Number.isFinite(quorum) || quorum < 0 || quorum >= 1) {
    throw new ConfigError("--quorum", quorum, "must be a number with 0 <= quorum < 1");
  }
  if (typeof minAgree !== "number" || !Number.isSafeInteger(minAgree) || minAgree < 1) {
    throw new ConfigError("--min-agree", minAgree, "must be an integer >= 1");
  }
  if (!QUORUM_BASES.includes(quorumOf)) throw new ConfigError("--quorum-of", quorumOf, `must be one of ${QUORUM_BASES.join(", ")}`);
  return { quorum, minAgree, quorumOf };
}

/** The least agreeing count that wins among `base` upstreams: strictly more than the quorum share, and >= minAgree. */
export function agreeingNeeded(base: number, quorum: number, minAgree: number): number {
  // Division as in decideQuorum, so a quorum of 0.3 of 10 needs 4, not 3.
  let n = 0;
  while (n < base && !(n / base > quorum)) n++;
  return Math.max(minAgree, n, 1);
}

/**
 * Decide this round. `votes` holds one entry per polled upstream (a `PollOutcome[]` fits);
 * "answering" are the ok ones, the base of the share is every vote (`configured`) or the
 * answering ones. The best group wins when, in this order:
 * - some upstream answered (else `no_answers`);
 * - no other group has as many votes (else `tie`, even above quorum, which only a quorum
 *   below 0.5 allows);
 * - agreeing / base > quorum, strictly (else `below_quorum`);
 * - agreeing >= minAgree (else `below_min_agree`).
 */
export function decideQuorum(votes: readonly Vote[], options: QuorumOptions = {}): QuorumDecision {
  const { quorum, minAgree, quorumOf } = resolveQuorumConfig(options);
  const { groups, answering, total } = groupVotes(votes);
  const base = quorumOf === "configured" ? total : answering;
  const count: QuorumCount = { quorumOf, base, needed: agreeingNeeded(base, quorum, minAgree) };
  const top = groups[0];
  if (top === undefined) {
    return { kind: "no-quorum", reason: "no_answers", answering, total, rule: `0 of ${total} polled answered`, groups, ...count };
  }
  const tied = groups.filter((g) => g.agreeing === top.agreeing).length;
  if (tied > 1) {
    const rule = `tie: ${tied} checkpoints with ${top.agreeing} of ${answering} answering each`;
    return { kind: "no-quorum", reason: "tie", answering, total, rule, groups, ...count };
  }
  const share = `${top.agreeing} of ${base} ${quorumOf}`;
  // Division, not multiplication: agreeing/base rounds to the same double as a decimal
  // quorum it equals exactly (3/10 === 0.3, while 0.1 * 3 !== 0.3), so "equal" is never "more".
  if (!(top.agreeing / base > quorum)) {
    const rule = `${share} is not > ${quorum} (${count.needed - top.agreeing} more needed)`;
    return { kind: "no-quorum", reason: "below_quorum", best: top, answering, total, rule, groups, ...count };
  }
  if (top.agreeing < minAgree) {
    const rule = `${share} > ${quorum} but < min-agree ${minAgree}`;
    return { kind: "no-quorum", reason: "below_min_agree", best: top, answering, total, rule, groups, ...count };
  }
  const { justified, source } = pickJustified(top);
  return {
    kind: "agreed",
    checkpoint: top.finalized,
    stateRoot: top.stateRoot,
    digest: top.digest,
    state: top.state,
    justified,
    justifiedSource: source,
    agreeing: top.agreeing,
    upstreams: top.upstreams,
    answering,
    total,
    rule: `${share} > ${quorum} and >= min-agree ${minAgree}`,
    groups,
    ...count,
  };
}

/** The leading group's size: the winner's, or the unique plurality's on a miss (0 on a tie). */
export function agreeingOf(d: QuorumDecision | null): number {
  if (d === null) return 0;
  return d.kind === "agreed" ? d.agreeing : (d.best?.agreeing ?? 0);
}

/**
 * The decision of a round still running, when nothing the `outstanding` upstreams could
 * still answer would change it: the leading group already passes the rule even if every
 * one of them answered for one other group. Otherwise null (wait for the round's end).
 * `votes` are the outcomes so far, one per upstream that ended its poll this round.
 */
export function decideEarly(votes: readonly Vote[], outstanding: number, options: QuorumOptions = {}): QuorumAgreed | null {
  const config = resolveQuorumConfig(options);
  // The outstanding as votes for nothing yet (indices no upstream has), so `total` counts every upstream.
  const pending: Vote[] = Array.from({ length: outstanding }, (_, i) => ({ ok: false, upstream: -1 - i }));
  const now = decideQuorum([...votes, ...pending], config);
  if (now.kind !== "agreed") return null;
  const rival = now.groups[1]?.agreeing ?? 0;
  // Each outstanding upstream may still answer for a rival: of answering, that widens the base too.
  const widest = config.quorumOf === "configured" ? now.base : now.answering + outstanding;
  if (!(now.agreeing / widest > config.quorum) || now.agreeing <= rival + outstanding) return null;
  return now;
}
