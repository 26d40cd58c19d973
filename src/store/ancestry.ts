/**
 * Does a new finalized state descend from the one served? Its `historical_block_hashes`
 * holds the root of the block at each earlier slot, so the served checkpoint's root must
 * be the entry at the served slot. One 32-byte read at an offset the fixed part gives: the
 * main thread still never decodes or hashes a state (the bytes were verified by a worker).
 */
import { toHex } from "../model/hex.js";
import { STATE_LAYOUT } from "../model/state-layout.js";

const ROOT = 32;

/** The root the state records for `slot`, 0x hex, or null when its history does not reach that slot. */
export function historicalRootAt(state: Uint8Array, slot: number): string | null {
  if (state.byteLength < STATE_LAYOUT.fixedSize || !Number.isSafeInteger(slot) || slot < 0) return null;
  const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
  const start = view.getUint32(STATE_LAYOUT.offsets, true);
  const end = Math.min(view.getUint32(STATE_LAYOUT.offsets + 4, true), state.byteLength);
  const at = start + slot * ROOT;
  return at + ROOT <= end ? toHex(state.subarray(at, at + ROOT)) : null;
}
