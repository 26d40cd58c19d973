/**
 * Verify a finalized State from its bytes alone (docs/round.md, verification):
 * state_root = hash_tree_root(state); the header with its state_root filled in hashes to
 * the finalized block root; header.slot is its slot.
 *
 * Split in two so the poll worker can digest while streaming and merkleize only a digest
 * it has not seen: `newStateDigest()` / `stateDigest(bytes)` give the content address,
 * `verifyStateWithDigest(bytes, digest)` does the costly part (~30 ms at 16 MB: state-root.ts).
 */
import { createHash } from "node:crypto";
import type { CheckpointJson, VerifiedState } from "../model/outcome.js";
import { BlockHeader } from "./types.js";
import { useFastHasher } from "./hasher.js";
import { toHex } from "../model/hex.js";
import { readStateHeader } from "./state-reader.js";
import { stateRootFromBytes } from "./state-root.js";
import type { CheckpointFields, HeaderFields, SignedBlockFields, StateHeader } from "./state-reader.js";

useFastHasher();

/** Incremental SHA-256 (native) producing the digest format of VerifiedState.digest. */
export interface StateDigest {
  update(chunk: Uint8Array): void;
  /** "0x" + 64 lowercase hex chars. Call once. */
  finish(): string;
}

export function newStateDigest(): StateDigest {
  const hash = createHash("sha256");
  return {
    update: (chunk) => void hash.update(chunk),
    finish: () => "0x" + hash.digest("hex"),
  };
}

export function stateDigest(bytes: Uint8Array): string {
  const d = newStateDigest();
  d.update(bytes);
  return d.finish();
}

/**
 * hash_tree_root(State) of serialized bytes (state-root.ts: the big Bytes32 lists are
 * merkleized from their bytes, never decoded). Throws QuorumpointError `SSZ_*` when the
 * bytes are not a State.
 */
export function stateRootOf(bytes: Uint8Array, header: StateHeader = readStateHeader(bytes)): Uint8Array {
  return stateRootFromBytes(bytes, header);
}

const ZERO_ROOT = new Uint8Array(32);

function isZero(root: Uint8Array): boolean {
  return Buffer.compare(root, ZERO_ROOT) === 0;
}

/**
 * Root of the block the state is the post-state of. A served state has its header's
 * state_root zeroed (filled in only by the next slot's processing): fill it with
 * `stateRoot`. A state that was already advanced carries the root itself: keep it.
 */
export function blockRootOf(header: HeaderFields, stateRoot: Uint8Array): Uint8Array {
  return BlockHeader.hashTreeRoot({ ...header, stateRoot: isZero(header.stateRoot) ? stateRoot : header.stateRoot });
}

function checkpointJson(c: CheckpointFields): CheckpointJson {
  return { slot: c.slot, root: toHex(c.root) };
}

/** The costly part: merkleize `bytes` and derive the finalized checkpoint. */
export function verifyStateWithDigest(bytes: Uint8Array, digest: string): VerifiedState {
  const header: StateHeader = readStateHeader(bytes);
  const stateRoot = stateRootOf(bytes, header);
  const blockRoot = blockRootOf(header.latestBlockHeader, stateRoot);
  return {
    digest,
    stateRoot: toHex(stateRoot),
    finalized: { slot: header.latestBlockHeader.slot, root: toHex(blockRoot) },
    stateJustified: checkpointJson(header.latestJustified),
    stateFinalized: checkpointJson(header.latestFinalized),
    slot: header.slot,
    genesisTime: header.genesisTime,
    size: bytes.length,
  };
}

/** Digest and verify in one go. Throws QuorumpointError `SSZ_*` for malformed bytes. */
export function verifyState(bytes: Uint8Array): VerifiedState {
  return verifyStateWithDigest(bytes, stateDigest(bytes));
}

/**
 * Does a served finalized block belong to a verified state? null when it does, else a
 * short reason (the poller reports it as `wrong_root`). The block root commits to the
 * block's slot and state root, so a root match implies both; they are compared first
 * only to give a precise reason.
 */
export function checkBlockMatchesState(block: SignedBlockFields, verified: VerifiedState): string | null {
  if (block.slot !== verified.finalized.slot) {
    return `block slot ${block.slot} != state's finalized slot ${verified.finalized.slot}`;
  }
  const blockRoot = toHex(block.blockRoot);
  if (blockRoot === verified.finalized.root) return null;
  const blockStateRoot = toHex(block.stateRoot);
  if (blockStateRoot !== verified.stateRoot) {
    return `block state_root ${blockStateRoot} != hash_tree_root(state) ${verified.stateRoot}`;
  }
  return `block root ${blockRoot} != root derived from the state ${verified.finalized.root}`;
}
