/**
 * The inputs and the decision of one round's quorum. Plain data, so the status API, the
 * dashboard and the logs can show a decision as it is.
 */
import type { CheckpointJson, VerifiedState } from "../model/outcome.js";

/**
 * One upstream's answer this round. A `PollOutcome` is a `Vote` as it stands: pass the
 * round's outcomes, one per polled upstream (abandoned and failed polls included as
 * `ok: false`), so `total` counts every upstream polled.
 */
export type Vote =
  | { ok: true; upstream: number; state: VerifiedState; justified: CheckpointJson | null }
  | { ok: false; upstream: number };

/**
 * What the quorum share is a share of: every configured upstream (a vote per upstream,
 * answering or not), or only those that answered this round (leanpoint's and
 * checkpointz's rule). Of configured, dead upstreams cannot hand the decision to the few
 * that still answer.
 */
export const QUORUM_BASES = ["configured", "answering"] as const;
export type QuorumBase = (typeof QUORUM_BASES)[number];

/** User-facing quorum settings (`--quorum`, `--min-agree`, `--quorum-of`). */
export interface QuorumOptions {
  /** A checkpoint needs strictly more than this share of the upstreams `quorumOf` names. */
  quorum?: number;
  /** ...and at least this many agreeing upstreams. */
  minAgree?: number;
  quorumOf?: QuorumBase;
}

export interface QuorumConfig {
  quorum: number;
  minAgree: number;
  quorumOf: QuorumBase;
}

/** How a decision counted: the base it took a share of, and the agreeing count that wins. */
export interface QuorumCount {
  quorumOf: QuorumBase;
  /** Upstreams the share is taken of: `total` of configured, `answering` of answering. */
  base: number;
  /** The least agreeing count that wins (strictly more than quorum x base, and >= min-agree). */
  needed: number;
}

/**
 * Upstreams that served byte-identical verified states: same finalized checkpoint, same
 * state root, same digest (see `groupVotes` for why all three).
 */
export interface VoteGroup {
  finalized: CheckpointJson;
  stateRoot: string;
  digest: string;
  /** The verified facts of these bytes (identical for every member: same digest). */
  state: VerifiedState;
  agreeing: number;
  /** Member upstream indices, ascending. */
  upstreams: number[];
  /** Members' own justified checkpoints (the aux call), null where they gave none; by upstream. */
  justified: (CheckpointJson | null)[];
}

/** Where the served justified checkpoint came from (see `pickJustified`). */
export type JustifiedSource = "upstreams" | "state" | "finalized";

export interface QuorumAgreed extends QuorumCount {
  kind: "agreed";
  checkpoint: CheckpointJson;
  stateRoot: string;
  digest: string;
  state: VerifiedState;
  justified: CheckpointJson;
  justifiedSource: JustifiedSource;
  agreeing: number;
  upstreams: number[];
  /** Upstreams with an ok outcome this round. */
  answering: number;
  /** Votes this round: one per configured upstream, ok or not. */
  total: number;
  /** Which rule applied, for people: "3 of 4 answering > 0.5 and >= min-agree 1". */
  rule: string;
  /** Every group, best first (the winner is `groups[0]`). */
  groups: VoteGroup[];
}

export type NoQuorumReason = "no_answers" | "below_quorum" | "tie" | "below_min_agree";

export interface QuorumMissed extends QuorumCount {
  kind: "no-quorum";
  reason: NoQuorumReason;
  /** The unique plurality, when there is one (absent on a tie or with no answers). */
  best?: VoteGroup;
  answering: number;
  total: number;
  rule: string;
  groups: VoteGroup[];
}

export type QuorumDecision = QuorumAgreed | QuorumMissed;
