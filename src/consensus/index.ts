export { decideQuorum, decideEarly, resolveQuorumConfig, agreeingNeeded, agreeingOf, DEFAULT_QUORUM, DEFAULT_MIN_AGREE, DEFAULT_QUORUM_OF } from "./quorum.js";
export { pickJustified } from "./justified.js";
export { QUORUM_BASES } from "./types.js";
export type { PickedJustified } from "./justified.js";
export type {
  Vote,
  VoteGroup,
  QuorumOptions,
  QuorumConfig,
  QuorumDecision,
  QuorumAgreed,
  QuorumMissed,
  NoQuorumReason,
  JustifiedSource,
  QuorumBase,
  QuorumCount,
} from "./types.js";
