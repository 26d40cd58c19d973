/** Vote builders shared by the consensus and store unit tests. */
import { STATE_LAYOUT } from "../../../src/model/state-layout.js";
import type { Vote } from "../../../src/consensus/types.js";
import type { CheckpointJson, VerifiedState } from "../../../src/model/outcome.js";

/** A 0x hex string of 32 bytes, distinct per label. */
export function hex32(label: string): string {
  return "0x" + Buffer.from(label.padEnd(32, ".").slice(0, 32), "latin1").toString("hex");
}

/**
 * A verified state for finalized slot `slot` on branch `branch`: roots and digest follow
 * from (slot, branch), as they would from the bytes.
 */
export function verified(slot: number, branch = "main", overrides: Partial<VerifiedState> = {}): VerifiedState {
  return {
    digest: hex32(`digest-${branch}-${slot}`),
    stateRoot: hex32(`state-${branch}-${slot}`),
    finalized: { slot, root: hex32(`block-${branch}-${slot}`) },
    stateJustified: { slot: Math.max(0, slot - 1), root: hex32(`block-${branch}-${slot - 1}`) },
    stateFinalized: { slot: Math.max(0, slot - 2), root: hex32(`block-${branch}-${slot - 2}`) },
    slot,
    genesisTime: 1_700_000_000,
    size: historySize(slot),
    ...overrides,
  };
}

export function ok(upstream: number, state: VerifiedState, justified: CheckpointJson | null = null): Vote {
  return { ok: true, upstream, state, justified };
}

export function failed(upstream: number): Vote {
  return { ok: false, upstream };
}

/** A state's size here: the fixed part and one history root per earlier slot. */
function historySize(slot: number): number {
  return STATE_LAYOUT.fixedSize + slot * 32;
}

/**
 * Fake state bytes of the verified size: the fixed part's list offsets, then a history
 * holding, at each earlier slot, the block root `verified` gives that slot on the same
 * branch (so a later state of a branch descends from every earlier one of it), the rest
 * filled with a marker byte.
 */
export function bytesFor(state: VerifiedState, fill = 7): Uint8Array {
  const bytes = new Uint8Array(state.size).fill(fill);
  const view = new DataView(bytes.buffer);
  const end = historySize(state.finalized.slot);
  view.setUint32(STATE_LAYOUT.offsets, STATE_LAYOUT.fixedSize, true);
  for (let i = 1; i < 5; i++) view.setUint32(STATE_LAYOUT.offsets + 4 * i, Math.min(end, state.size), true);
  const branch = branchOf(state);
  for (let s = 0; s < state.finalized.slot && STATE_LAYOUT.fixedSize + (s + 1) * 32 <= state.size; s++) {
    bytes.set(Buffer.from(hex32(`block-${branch}-${s}`).slice(2), "hex"), STATE_LAYOUT.fixedSize + s * 32);
  }
  return bytes;
}

/** The branch label `verified` put into the state's finalized root. */
function branchOf(state: VerifiedState): string {
  const label = Buffer.from(state.finalized.root.slice(2), "hex").toString("latin1").replace(/\.+$/, "");
  return label.slice("block-".length, label.lastIndexOf("-"));
}
