/**
 * Builds the simulated chain's states with the project's own SSZ types (src/lean/types.ts).
 *
 * Finalized checkpoint i sits at slot(i) = anchorSlot + i * F (F = finalityEverySlots).
 * The state served for checkpoint i is the post-state of the block at slot(i):
 * - historical_block_hashes holds one root per slot before slot(i); the entry at
 *   slot(i-1) is the real root of checkpoint i-1's block, the skipped slots between get
 *   pseudo roots of the chain's seed, and everything before checkpoint 0 is a prefilled
 *   history shared by all chains (a long-lived devnet: that is what makes the size);
 * - latest_block_header is the block's header with state_root zeroed; its parent is the
 *   last history entry; latest_justified = checkpoint i-1, latest_finalized = i-2;
 * - justified_slots marks every checkpoint slot; one justifications_roots entry changes
 *   per step to a seed-dependent root, so chains with different seeds never agree.
 *
 * A step mutates a tree-backed view (ViewDU): hashing after a step touches only the
 * changed paths, and views of different checkpoints or chains share every unchanged node.
 */
import { createCipheriv, createHash } from "node:crypto";
import { BitArray } from "@chainsafe/ssz";
import { Block, BlockBody, State, useFastHasher } from "../lean/index.js";
import type { BlockValue } from "../lean/index.js";
import type { StatePlan } from "./config.js";

useFastHasher();

export type StateView = ReturnType<typeof State.toViewDU>;

export interface CheckpointRef {
  slot: number;
  root: Uint8Array;
}

/** The chain-independent layout: where checkpoints sit and what precedes checkpoint 0. */
export interface ChainShape {
  plan: StatePlan;
  finalityEverySlots: number;
  genesisTime: number;
}

export const EMPTY_BODY_ROOT = BlockBody.hashTreeRoot({ attestations: [] });

export function checkpointSlot(shape: ChainShape, index: number): number {
  return shape.plan.anchorSlot + index * shape.finalityEverySlots;
}

/** Deterministic 32-byte root for `slot` on the chain with `seed` (a skipped slot's block). */
export function pseudoRoot(seed: number, slot: number): Uint8Array {
  return createHash("sha256").update(`quorumpoint-devnet:${seed}:${slot}`).digest();
}

/** Deterministic filler bytes: AES-256-CTR keystream keyed by `label` (fast, ~1 GB/s). */
function keystream(label: string, length: number): Buffer {
  const key = createHash("sha256").update(`quorumpoint-devnet:${label}`).digest();
  return createCipheriv("aes-256-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

function justifiedBits(shape: ChainShape, length: number, lastJustifiedSlot: number): BitArray {
  const bits = BitArray.fromBitLen(length);
  const f = shape.finalityEverySlots;
  for (let t = shape.plan.anchorSlot % f; t <= lastJustifiedSlot && t < length; t += f) bits.set(t, true);
  return bits;
}

/**
 * The state just before checkpoint 0 (at slot(-1)), shared by every chain, and the two
 * checkpoints (-2, -1) that step 0 refers to.
 */
export function buildBase(shape: ChainShape): { view: StateView; before: Map<number, CheckpointRef> } {
  const { plan } = shape;
  const s1 = checkpointSlot(shape, -1);
  const s2 = checkpointSlot(shape, -2);
  const history = keystream("history", s1 * 32);
  const roots = keystream("justifications", plan.justificationRoots * 32);
  const keys = keystream("validators", plan.validators * 104);
  const root = (buf: Buffer, i: number): Uint8Array => buf.subarray(i * 32, i * 32 + 32);
  const cp2: CheckpointRef = { slot: s2, root: Uint8Array.from(root(history, s2)) };
  const cp1: CheckpointRef = { slot: s1, root: pseudoRoot(0, s1) };
  const bitsLength = plan.justificationRoots * plan.validators;
  const view = State.toViewDU({
    config: { genesisTime: shape.genesisTime },
    slot: s1,
    latestBlockHeader: { slot: s1, proposerIndex: s1 % plan.validators, parentRoot: root(history, s1 - 1), stateRoot: new Uint8Array(32), bodyRoot: EMPTY_BODY_ROOT },
    latestJustified: cp2,
    latestFinalized: cp2,
    historicalBlockHashes: Array.from({ length: s1 }, (_, i) => root(history, i)),
    justifiedSlots: justifiedBits(shape, s1, s2),
    validators: Array.from({ length: plan.validators }, (_, i) => ({
      attestationPubkey: keys.subarray(i * 104, i * 104 + 52),
      proposalPubkey: keys.subarray(i * 104 + 52, i * 104 + 104),
      index: i,
    })),
    justificationsRoots: Array.from({ length: plan.justificationRoots }, (_, i) => root(roots, i)),
    justificationsValidators: new BitArray(keystream("votes", Math.ceil(bitsLength / 8)), bitsLength),
  });
  view.commit();
  return { view, before: new Map([[-2, cp2], [-1, cp1]]) };
}

export interface StepResult {
  checkpoint: CheckpointRef;
  stateRoot: Uint8Array;
  block: BlockValue;
}

/** Advance `view` (the state of checkpoint index-1) to the state of checkpoint `index`. */
export function step(view: StateView, shape: ChainShape, seed: number, index: number, prev: CheckpointRef, prevPrev: CheckpointRef): StepResult {
  const slot = checkpointSlot(shape, index);
  let parentRoot = prev.root;
  for (let t = prev.slot; t < slot; t++) {
    parentRoot = t === prev.slot ? prev.root : pseudoRoot(seed, t);
    view.historicalBlockHashes.push(parentRoot);
  }
  const proposerIndex = (slot + seed) % shape.plan.validators;
  view.slot = slot;
  view.latestBlockHeader = State.fields.latestBlockHeader.toViewDU({
    slot,
    proposerIndex,
    parentRoot,
    stateRoot: new Uint8Array(32),
    bodyRoot: EMPTY_BODY_ROOT,
  });
  view.latestJustified = State.fields.latestJustified.toViewDU(prev);
  view.latestFinalized = State.fields.latestFinalized.toViewDU(prevPrev);
  view.justifiedSlots = State.fields.justifiedSlots.toViewDU(justifiedBits(shape, slot, prev.slot));
  view.justificationsRoots.set(index % shape.plan.justificationRoots, pseudoRoot(seed, -slot - 1));
  view.commit();
  const stateRoot = view.hashTreeRoot();
  const block: BlockValue = { slot, proposerIndex, parentRoot, stateRoot, body: { attestations: [] } };
  // hash_tree_root(Block) == hash_tree_root(header with state_root filled): body_root is
  // hash_tree_root(body) and the other fields are the same.
  return { checkpoint: { slot, root: Block.hashTreeRoot(block) }, stateRoot, block };
}
