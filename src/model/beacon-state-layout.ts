/**
 * Byte layout of the start of a serialized BeaconState and SignedBeaconBlock: the fields
 * every fork and every preset keep at the same offsets. Enough to choose the fork from
 * the bytes before decoding them, and for the main thread to read one block root out of a
 * verified state without loading any SSZ library (`blockRootAtSlot`).
 */
import { toHex } from "./hex.js";
import { readUint64 } from "./uint64.js";

const ROOT = 32;

export const BEACON_STATE_LAYOUT = {
  genesisTime: 0,
  genesisValidatorsRoot: 8,
  slot: 40,
  // Fork: previous_version 48, current_version 52, epoch 56.
  fork: 48,
  forkCurrentVersion: 52,
  // BeaconBlockHeader, 112 bytes: slot 64, proposer_index 72, parent_root 80, state_root 112, body_root 144.
  latestBlockHeader: 64,
  latestBlockHeaderStateRoot: 112,
  latestBlockHeaderSize: 112,
  // Vector[Root, SLOTS_PER_HISTORICAL_ROOT]: its length is the preset's, its start is not.
  blockRoots: 176,
} as const;

export const SIGNED_BEACON_BLOCK_LAYOUT = {
  /** uint32 offset of `message` (the signature is fixed-size, so it is always 100). */
  messageOffset: 0,
  signature: 4,
  /** Where the BeaconBlock starts; its slot is its first field in every fork. */
  message: 100,
} as const;

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The state's slot (uint64 at 40). The caller checks the length (at least 48 bytes). */
export function readBeaconStateSlot(state: Uint8Array): number {
  return readUint64(viewOf(state), BEACON_STATE_LAYOUT.slot, "state.slot");
}

/**
 * The root a state records for the block at `slot`: `block_roots[slot % SLOTS_PER_HISTORICAL_ROOT]`,
 * which holds it only while `state.slot - SLOTS_PER_HISTORICAL_ROOT <= slot < state.slot`
 * (older entries are overwritten, the current slot's is not written yet). null outside that
 * window or when `state` is too short to hold the vector. A skipped slot's entry repeats the
 * last block before it, as in the spec's `get_block_root_at_slot`.
 * Reads the serialized bytes of a state a worker already verified: no decoding, no types.
 */
export function blockRootAtSlot(state: Uint8Array, slot: number, slotsPerHistoricalRoot: number): string | null {
  const L = BEACON_STATE_LAYOUT;
  if (!Number.isSafeInteger(slot) || slot < 0 || !Number.isSafeInteger(slotsPerHistoricalRoot) || slotsPerHistoricalRoot <= 0) return null;
  if (state.byteLength < L.blockRoots + slotsPerHistoricalRoot * ROOT) return null;
  const view = viewOf(state);
  // A verified state's slot is below 2^53; these bytes are read, not trusted, so a larger one is "no answer".
  if (view.getUint32(L.slot + 4, true) > 0x1fffff) return null;
  const stateSlot = readBeaconStateSlot(state);
  if (slot >= stateSlot || slot < stateSlot - slotsPerHistoricalRoot) return null;
  const at = L.blockRoots + (slot % slotsPerHistoricalRoot) * ROOT;
  return toHex(state.subarray(at, at + ROOT));
}

/** A BeaconBlockHeader as read from the bytes; roots are 0x hex. */
export interface BeaconBlockHeaderFields {
  slot: number;
  proposerIndex: number;
  parentRoot: string;
  stateRoot: string;
  bodyRoot: string;
}

/**
 * The state's `latest_block_header` as the bytes hold it: its `state_root` is zero while
 * the state is its block's own post-state, the post-state's root once a slot was processed.
 * The caller checks the length (at least 176 bytes: a verified state is far longer).
 */
export function readLatestBlockHeader(state: Uint8Array): BeaconBlockHeaderFields {
  const view = viewOf(state);
  const at = BEACON_STATE_LAYOUT.latestBlockHeader;
  const root = (offset: number) => toHex(state.subarray(at + offset, at + offset + ROOT));
  return {
    slot: readUint64(view, at, "latest_block_header.slot"),
    proposerIndex: readUint64(view, at + 8, "latest_block_header.proposer_index"),
    parentRoot: root(16),
    stateRoot: root(48),
    bodyRoot: root(80),
  };
}

/** The 96-byte signature of SignedBeaconBlock bytes, 0x hex. The caller checks the length (at least 100 bytes). */
export function readSignedBlockSignature(block: Uint8Array): string {
  const at = SIGNED_BEACON_BLOCK_LAYOUT.signature;
  return toHex(block.subarray(at, at + 96));
}
