/** Vote builders shared by the consensus and store unit tests. */
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
    size: 1000 + slot,
    ...overrides,
  };
}

export function ok(upstream: number, state: VerifiedState, justified: CheckpointJson | null = null): Vote {
  return { ok: true, upstream, state, justified };
}

export function failed(upstream: number): Vote {
  return { ok: false, upstream };
}

/** Fake state bytes of the verified size, filled with a marker byte. */
export function bytesFor(state: VerifiedState, fill = 7): Uint8Array {
  return new Uint8Array(state.size).fill(fill);
}
