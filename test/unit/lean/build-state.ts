/** Build real-schema States of a chosen size for tests (and ad-hoc measurements). */
import { BitArray } from "@chainsafe/ssz";
import { State } from "../../../src/lean/types.js";
import type { StateValue } from "../../../src/lean/types.js";

export interface BuildStateOptions {
  /** Number of historical block hashes (also the justified_slots bit count). */
  history: number;
  validators: number;
  /** Pending justification roots; each carries `validators` bits. */
  justifications?: number;
  /** Seed for the byte patterns, so two builds can differ. */
  seed?: number;
}

/** Deterministic pseudo-random bytes (xorshift32): fast, no crypto needed. */
function filler(seed: number): (n: number) => Uint8Array {
  let x = (seed * 2654435761) >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

export function buildState(o: BuildStateOptions): StateValue {
  const rand = filler(o.seed ?? 1);
  const slot = o.history;
  const justifications = o.justifications ?? 0;
  const state = State.defaultValue();
  state.config.genesisTime = 1_700_000_000;
  state.slot = slot;
  state.latestBlockHeader = {
    slot,
    proposerIndex: slot % Math.max(1, o.validators),
    parentRoot: rand(32),
    stateRoot: new Uint8Array(32), // zeroed, as served
    bodyRoot: rand(32),
  };
  state.latestJustified = { root: rand(32), slot: Math.max(0, slot - 1) };
  state.latestFinalized = { root: rand(32), slot: Math.max(0, slot - 2) };
  state.historicalBlockHashes = Array.from({ length: o.history }, () => rand(32));
  state.justifiedSlots = BitArray.fromBoolArray(Array.from({ length: o.history }, (_, i) => i % 3 !== 1));
  state.validators = Array.from({ length: o.validators }, (_, index) => ({
    attestationPubkey: rand(52),
    proposalPubkey: rand(52),
    index,
  }));
  state.justificationsRoots = Array.from({ length: justifications }, () => rand(32));
  state.justificationsValidators = BitArray.fromBoolArray(
    Array.from({ length: justifications * o.validators }, (_, i) => i % 2 === 0),
  );
  return state;
}

export function buildStateBytes(o: BuildStateOptions): Uint8Array {
  return State.serialize(buildState(o));
}
