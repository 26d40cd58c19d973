/** Small real-schema finalized states for tests that need bytes but not a whole devnet. */
import { BlockBody, BlockHeader, SignedBlock, State, toHex, zeroSignature } from "../../src/lean/index.js";

export interface TestState {
  bytes: Uint8Array;
  stateRoot: string;
  /** The finalized checkpoint the bytes prove: header slot and hash_tree_root(header with state_root filled). */
  finalized: { slot: number; root: string };
  /** The matching SignedBlock, as /lean/v0/blocks/finalized serves it. */
  blockBytes: Uint8Array;
}

/**
 * A finalized state at `slot` with `history` block hashes; `seed` varies the roots (a fork).
 * With `parent` (an earlier checkpoint), its history records the parent's root at the
 * parent's slot: the state descends from it.
 */
export function makeTestState(slot = 12, history = 64, seed = 1, parent?: { slot: number; root: string }): TestState {
  const v = State.defaultValue();
  v.config.genesisTime = 1_700_000_000;
  v.slot = slot;
  v.latestBlockHeader.slot = slot;
  v.latestBlockHeader.proposerIndex = slot % 4;
  v.latestBlockHeader.parentRoot = new Uint8Array(32).fill(seed);
  v.latestBlockHeader.bodyRoot = BlockBody.hashTreeRoot({ attestations: [] });
  v.latestJustified = { root: new Uint8Array(32).fill(seed + 1), slot: Math.max(0, slot - 4) };
  v.latestFinalized = { root: new Uint8Array(32).fill(seed + 2), slot: Math.max(0, slot - 8) };
  v.historicalBlockHashes = Array.from({ length: history }, (_, i) =>
    parent?.slot === i ? Buffer.from(parent.root.slice(2), "hex") : new Uint8Array(32).fill((i * 7 + seed) & 0xff));
  const bytes = State.serialize(v);
  const stateRoot = State.hashTreeRoot(v);
  const header = { ...v.latestBlockHeader, stateRoot };
  const h = v.latestBlockHeader;
  const blockBytes = SignedBlock.serialize({
    block: { slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot, body: { attestations: [] } },
    signature: { attestationSignatures: [], proposerSignature: zeroSignature() },
  });
  return { bytes, stateRoot: toHex(stateRoot), finalized: { slot, root: toHex(BlockHeader.hashTreeRoot(header)) }, blockBytes };
}
