/** Public names of lean/: SSZ types, cheap readers, verification, hex. */
export * from "./types.js";
export { Signature, SIGNATURE_LENGTH_BYTES, zeroSignature, PublicKey } from "./xmss.js";
export type { SignatureValue } from "./xmss.js";
export { useFastHasher, activeHasherName } from "./hasher.js";
export { toHex, fromHex, isHex } from "../model/hex.js";
export { readStateHeader, readSignedBlock, STATE_LAYOUT } from "./state-reader.js";
export type { StateHeader, HeaderFields, CheckpointFields, SignedBlockFields, ReadStateHeaderOptions } from "./state-reader.js";
export {
  verifyState,
  verifyStateWithDigest,
  newStateDigest,
  stateDigest,
  stateRootOf,
  blockRootOf,
  checkBlockMatchesState,
} from "./verify.js";
export type { StateDigest } from "./verify.js";
