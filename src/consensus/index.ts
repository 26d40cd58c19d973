export { decideQuorum, resolveQuorumConfig, DEFAULT_QUORUM, DEFAULT_MIN_AGREE } from "./quorum.js";
export { pickJustified } from "./justified.js";
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
} from "./types.js";
