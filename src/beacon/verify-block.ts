/**
 * Read a SignedBeaconBlock from its bytes: the fork by the slot the bytes hold, the whole
 * message decoded as that fork's BeaconBlock, its root computed here.
 */
import { type BeaconBlockSummary, type BeaconNetwork, forkAtSlot, type VerifiedBeaconState } from "../model/beacon.js";
import { SIGNED_BEACON_BLOCK_LAYOUT } from "../model/beacon-state-layout.js";
import { QuorumpointError } from "../model/errors.js";
import { toHex } from "../model/hex.js";
import { readUint64 } from "../model/uint64.js";
import { shortMessage } from "../lean/state-reader.js";
import type { BeaconTypes } from "./ssz-types.js";
import { checkPreset } from "./verify-state.js";

const ROOT = 32;
/** In the message: slot 0, proposer_index 8, parent_root 16, state_root 48, body offset 80. */
const PARENT_ROOT = 16;
const STATE_ROOT = 48;

/** Throws SSZ_* when `bytes` are not a SignedBeaconBlock of the fork in force at their slot. */
export function readSignedBeaconBlock(bytes: Uint8Array, network: BeaconNetwork, types: BeaconTypes): BeaconBlockSummary {
  checkPreset(network, types);
  const L = SIGNED_BEACON_BLOCK_LAYOUT;
  if (bytes.length < L.message + 8) {
    throw new QuorumpointError("SSZ_TOO_SHORT", `signed block is ${bytes.length} bytes, too short to hold a block's slot`, { size: bytes.length });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = view.getUint32(L.messageOffset, true);
  if (offset !== L.message) {
    throw new QuorumpointError("SSZ_BAD_OFFSET", `signed block's message offset is ${offset}, expected ${L.message}`, { offset });
  }
  const slot = readUint64(view, L.message, "block.slot");
  const { fork } = forkAtSlot(network, slot);
  const type = types.forks[fork].BeaconBlock;
  const message = bytes.subarray(L.message);
  if (message.length < type.minSize) {
    throw new QuorumpointError("SSZ_TOO_SHORT", `block is ${message.length} bytes, a ${fork} BeaconBlock is at least ${type.minSize}`, { size: bytes.length });
  }
  let root: Uint8Array;
  try {
    // The signature is 96 opaque bytes: decoding the message validates all there is.
    root = type.deserializeToViewDU(message).hashTreeRoot();
  } catch (e) {
    throw new QuorumpointError("SSZ_INVALID", `block does not decode as a ${fork} BeaconBlock: ${shortMessage(e)}`, { fork }, { cause: e });
  }
  return {
    root: toHex(root),
    slot,
    stateRoot: toHex(message.subarray(STATE_ROOT, STATE_ROOT + ROOT)),
    parentRoot: toHex(message.subarray(PARENT_ROOT, PARENT_ROOT + ROOT)),
    fork,
  };
}

/** Is `block` the block `v` is the post-state of? null when it is, else the reason. */
export function blockMatchesState(block: BeaconBlockSummary, v: VerifiedBeaconState): string | null {
  if (block.slot !== v.blockSlot) return `block slot ${block.slot} != the state's block slot ${v.blockSlot}`;
  if (block.stateRoot !== v.blockStateRoot) return `block state_root ${block.stateRoot} != the state's ${v.blockStateRoot}`;
  if (block.root !== v.blockRoot) return `block root ${block.root} != the root derived from the state ${v.blockRoot}`;
  return null;
}
