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
import { shortMessage } from "../lean/state-reader.js";
import type { BeaconTypes } from "./ssz-types.js";

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

/** Serialized Validator: pubkey 48, withdrawal_credentials 32, then effective_balance and, after the slashed byte, four epochs. */
const VALIDATOR_SIZE = 121;
const VALIDATOR_BALANCE = 80;
const VALIDATOR_EPOCHS = [89, 97, 105, 113];

/**
 * @chainsafe/ssz hashes lodestar's Validator records from their decoded values, where a
 * uint64 between 2^53 and 2^64-1 rounds: two byte strings would share one root. No real
 * validator holds one (an epoch is small or FAR_FUTURE, which decodes exactly), so refuse them.
 */
function checkValidatorUint64s(bytes: Uint8Array, offsets: Readonly<Record<string, number>>): void {
  const view = viewOf(bytes);
  const start = view.getUint32(offsets.validators!, true);
  const end = view.getUint32(offsets.balances!, true);
  for (let at = start; at + VALIDATOR_SIZE <= end; at += VALIDATOR_SIZE) {
    readUint64(view, at + VALIDATOR_BALANCE, "validator.effective_balance");
    for (const field of VALIDATOR_EPOCHS) {
      const hi = view.getUint32(at + field + 4, true);
      if (hi > 0x1fffff && !(hi === 0xffffffff && view.getUint32(at + field, true) === 0xffffffff)) {
        throw new QuorumpointError("SSZ_UINT64_RANGE", `validator ${(at - start) / VALIDATOR_SIZE}: an epoch past 2^53 that is not FAR_FUTURE_EPOCH`, { offset: at + field });
      }
    }
  }
}

/**
 * hash_tree_root(BeaconState of `fork`) of `bytes`, which decoding validates (SSZ_INVALID
 * when they are not one). Through a tree view built from the bytes, so the root is the
 * bytes' own; the validator records, which the library hashes from values, are held to
 * exact uint64s first. The one place that merkleizes a state: a from-bytes merkleizer
 * replaces this function alone.
 */
export function beaconStateRoot(bytes: Uint8Array, fork: BeaconFork, types: BeaconTypes): Uint8Array {
  const type = types.forks[fork].BeaconState;
  if (bytes.length < type.minSize) {
    throw new QuorumpointError("SSZ_TOO_SHORT", `state is ${bytes.length} bytes, a ${fork} BeaconState is at least ${type.minSize}`, { size: bytes.length });
  }
  let view: ReturnType<typeof type.deserializeToViewDU>;
  try {
    view = type.deserializeToViewDU(bytes);
  } catch (e) {
    throw new QuorumpointError("SSZ_INVALID", `state does not decode as a ${fork} BeaconState: ${shortMessage(e)}`, { fork }, { cause: e });
  }
  checkValidatorUint64s(bytes, types.forks[fork].stateFieldOffsets);
  return view.hashTreeRoot();
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
 * The content digest of the bytes is not here: the poll computes it while streaming.
 */
export function verifyBeaconState(bytes: Uint8Array, network: BeaconNetwork, types: BeaconTypes): VerifiedBeaconState {
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

  const stateRoot = beaconStateRoot(bytes, entry.fork, types);

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
