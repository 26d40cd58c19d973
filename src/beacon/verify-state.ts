/**
 * Verify a beacon state from its bytes alone (docs/beacon.md, verification): it is on the
 * network the upstream claims, it decodes as the BeaconState of the fork in force at its
 * slot, and its hash_tree_root and the root of the block it is the post-state of are what
 * this worker computes, not what anyone says.
 */
import { type BeaconCheckpoint, type BeaconFork, type BeaconNetwork, forkAtSlot, type VerifiedBeaconState } from "../model/beacon.js";
import { BEACON_STATE_LAYOUT, readBeaconStateSlot } from "../model/beacon-state-layout.js";
import { QuorumpointError } from "../model/errors.js";
import { toHex } from "../model/hex.js";
import { readUint64 } from "../model/uint64.js";
import type { BeaconTypes } from "./ssz-types.js";
import { beaconStateRootFromBytes } from "./state-root-from-bytes.js";

const ROOT = 32;

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isZero(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0);
}

/** The thread's types must be the network's preset: another preset's vectors would misread every field after them. */
export function checkPreset(network: BeaconNetwork, types: BeaconTypes): void {
  if (network.preset !== types.preset || network.slotsPerHistoricalRoot !== types.slotsPerHistoricalRoot) {
    throw new QuorumpointError("VERIFY_WRONG_PRESET", `the network uses the ${network.preset} preset, this thread's SSZ types the ${types.preset} one`, {
      network: network.preset,
      types: types.preset,
    });
  }
}

/**
 * hash_tree_root(BeaconState of `fork`) of `bytes`, merkleized from the bytes themselves
 * (state-root-from-bytes.ts), which it checks as SSZ on the way (SSZ_* when they are not a
 * state). Every uint64 is hashed as its eight bytes, never as a decoded number, so no two
 * byte strings share a root. The one place verification merkleizes a state.
 */
/** The state root as beaconStateRootShared hashed it while the same bytes arrived, and the fork whose type it used. */
export interface StreamedRoot {
  root: Uint8Array;
  fork: BeaconFork;
}

export function beaconStateRoot(bytes: Uint8Array, fork: BeaconFork, types: BeaconTypes): Uint8Array {
  return beaconStateRootFromBytes(bytes, fork, types);
}

function wrongNetwork(what: string, got: string | number, want: string | number, slot: number): QuorumpointError {
  return new QuorumpointError("VERIFY_WRONG_NETWORK", `state at slot ${slot}: ${what} is ${got}, the network's is ${want}`, { what, got, want, slot });
}

function checkpointAt(bytes: Uint8Array, at: number, what: string): BeaconCheckpoint {
  return { epoch: readUint64(viewOf(bytes), at, `${what}.epoch`), root: toHex(bytes.subarray(at + 8, at + 8 + ROOT)) };
}

/**
 * Verify serialized BeaconState bytes against `network` (whose preset `types` must be).
 * Throws VERIFY_WRONG_NETWORK when its genesis_validators_root, genesis_time or fork
 * version are not the network's for its slot, SSZ_* when the bytes do not decode.
 * The content digest of the bytes is not here: the poll computes it while streaming, and
 * `streamed` is the state root it may have merkleized on the way (the bytes are then not
 * merkleized again).
 */
export function verifyBeaconState(bytes: Uint8Array, network: BeaconNetwork, types: BeaconTypes, streamed?: StreamedRoot): VerifiedBeaconState {
  checkPreset(network, types);
  const L = BEACON_STATE_LAYOUT;
  if (bytes.length < L.blockRoots) {
    throw new QuorumpointError("SSZ_TOO_SHORT", `state is ${bytes.length} bytes, shorter than its fixed fields`, { size: bytes.length });
  }
  const view = viewOf(bytes);
  const slot = readBeaconStateSlot(bytes);
  const entry = forkAtSlot(network, slot);
  // The network checks first: they are cheap, and they name the fault better than a decode error would.
  const gvr = toHex(bytes.subarray(L.genesisValidatorsRoot, L.genesisValidatorsRoot + ROOT));
  if (gvr !== network.genesisValidatorsRoot) throw wrongNetwork("genesis_validators_root", gvr, network.genesisValidatorsRoot, slot);
  const version = toHex(bytes.subarray(L.forkCurrentVersion, L.forkCurrentVersion + 4));
  if (version !== entry.version) throw wrongNetwork(`fork.current_version (${entry.fork} at this slot)`, version, entry.version, slot);
  const genesisTime = readUint64(view, L.genesisTime, "genesis_time");
  if (genesisTime !== network.genesisTime) throw wrongNetwork("genesis_time", genesisTime, network.genesisTime, slot);

  // A root merkleized while the bytes streamed in stands for them only if it was taken with this fork's type.
  const stateRoot = streamed !== undefined && streamed.fork === entry.fork ? streamed.root : beaconStateRoot(bytes, entry.fork, types);

  // The block the state is the post-state of: its header's state_root is zero until the
  // next slot is processed; a state advanced through empty slots already carries it.
  const header = bytes.slice(L.latestBlockHeader, L.latestBlockHeader + L.latestBlockHeaderSize);
  const headerStateRoot = header.subarray(L.latestBlockHeaderStateRoot - L.latestBlockHeader, L.latestBlockHeaderStateRoot - L.latestBlockHeader + ROOT);
  if (isZero(headerStateRoot)) headerStateRoot.set(stateRoot);
  const blockRoot = types.BeaconBlockHeader.deserializeToViewDU(header).hashTreeRoot();

  const offsets = types.forks[entry.fork].stateFieldOffsets;
  return {
    stateRoot: toHex(stateRoot),
    slot,
    fork: entry.fork,
    blockRoot: toHex(blockRoot),
    blockSlot: readUint64(viewOf(header), 0, "latest_block_header.slot"),
    blockStateRoot: toHex(headerStateRoot),
    finalized: checkpointAt(bytes, offsets.finalizedCheckpoint!, "finalized_checkpoint"),
    currentJustified: checkpointAt(bytes, offsets.currentJustifiedCheckpoint!, "current_justified_checkpoint"),
    previousJustified: checkpointAt(bytes, offsets.previousJustifiedCheckpoint!, "previous_justified_checkpoint"),
    genesisTime,
    genesisValidatorsRoot: gvr,
    size: bytes.length,
  };
}

/**
 * Is `v` the state to serve for `checkpoint`? It must sit at the epoch's first slot, and
 * the block it derives must be the checkpoint's. When the epoch began with skipped slots
 * that state is the block's post-state advanced through them: its header already carries
 * the state root, and the block root still derives from it. null when it is, else the reason.
 */
export function checkpointStateMatches(v: VerifiedBeaconState, checkpoint: BeaconCheckpoint, slotsPerEpoch: number): string | null {
  const slot = checkpoint.epoch * slotsPerEpoch;
  if (v.slot !== slot) return `state slot ${v.slot} is not the first slot ${slot} of checkpoint epoch ${checkpoint.epoch}`;
  if (v.blockRoot !== checkpoint.root) return `state's block root ${v.blockRoot} is not the checkpoint root ${checkpoint.root}`;
  return null;
}
