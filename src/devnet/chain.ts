/**
 * One simulated chain (the honest one, or a fork): its built checkpoints and, lazily, the
 * bytes nodes serve for them. Each checkpoint is stepped once; its state is serialized
 * once, on first need, and the same Buffer goes to every node that serves it.
 */
import type { Node } from "@chainsafe/persistent-merkle-tree";
import { SignedBlock, State, zeroSignature } from "../lean/index.js";
import type { BlockValue } from "../lean/index.js";
import { step } from "./state-builder.js";
import type { ChainShape, CheckpointRef, StateView } from "./state-builder.js";

/** What a node serves for one finalized checkpoint. */
export interface Snapshot {
  chain: number;
  index: number;
  slot: number;
  /** SSZ State (header state_root zeroed) and SSZ SignedBlock with a zero signature. */
  state: Buffer;
  block: Buffer;
  stateRoot: Uint8Array;
  /** hash_tree_root(block): the finalized checkpoint's root. */
  blockRoot: Uint8Array;
  parentRoot: Uint8Array;
  proposerIndex: number;
  /** The state's own latest_justified / latest_finalized. */
  stateJustified: CheckpointRef;
  stateFinalized: CheckpointRef;
}

interface Built {
  checkpoint: CheckpointRef;
  stateRoot: Uint8Array;
  block: BlockValue;
  /** The state's tree root node: immutable, so it pins exactly this checkpoint's state. */
  node: Node;
}

// A signature of the right shape and size (2536 bytes); the devnet signs nothing.
const ZERO_SIGNATURE = zeroSignature();

function toBuffer(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

export class SimChain {
  readonly seed: number;
  readonly #shape: ChainShape;
  readonly #view: StateView;
  /** Checkpoints this chain refers to but did not build (before its first step). */
  readonly #before: Map<number, CheckpointRef>;
  readonly #built = new Map<number, Built>();
  readonly #snapshots = new Map<number, Snapshot>();
  #head: number;

  /** `view` is the state of checkpoint `start - 1` (this chain owns it from now on). */
  constructor(seed: number, shape: ChainShape, view: StateView, start: number, before: Map<number, CheckpointRef>) {
    this.seed = seed;
    this.#shape = shape;
    this.#view = view;
    this.#head = start - 1;
    this.#before = before;
  }

  /** The newest built checkpoint index. */
  get head(): number {
    return this.#head;
  }

  checkpoint(index: number): CheckpointRef {
    const ref = this.#built.get(index)?.checkpoint ?? this.#before.get(index);
    if (ref === undefined) throw new Error(`chain ${this.seed} has no checkpoint ${index} (head ${this.#head})`);
    return ref;
  }

  /** Step forward until checkpoint `index` is built. */
  buildTo(index: number): void {
    while (this.#head < index) {
      const i = this.#head + 1;
      const r = step(this.#view, this.#shape, this.seed, i, this.checkpoint(i - 1), this.checkpoint(i - 2));
      this.#built.set(i, { ...r, node: this.#view.node });
      this.#head = i;
    }
  }

  /** A new view of checkpoint `index`'s state, sharing this chain's tree (for forks). */
  viewAt(index: number): StateView {
    return State.getViewDU(this.#mustBuilt(index).node);
  }

  /** The bytes of checkpoint `index`, serialized on first call and shared after. */
  snapshot(index: number): Snapshot {
    const cached = this.#snapshots.get(index);
    if (cached !== undefined) return cached;
    const b = this.#mustBuilt(index);
    const prev = this.checkpoint(index - 1);
    const prevPrev = this.checkpoint(index - 2);
    const snap: Snapshot = {
      chain: this.seed,
      index,
      slot: b.checkpoint.slot,
      state: toBuffer(State.getViewDU(b.node).serialize()),
      block: toBuffer(SignedBlock.serialize({ block: b.block, signature: { attestationSignatures: [], proposerSignature: ZERO_SIGNATURE } })),
      stateRoot: b.stateRoot,
      blockRoot: b.checkpoint.root,
      parentRoot: b.block.parentRoot,
      proposerIndex: b.block.proposerIndex,
      stateJustified: prev,
      stateFinalized: prevPrev,
    };
    this.#snapshots.set(index, snap);
    return snap;
  }

  /**
   * Forget checkpoints below `keepFrom` (their trees and bytes), and bytes of any index
   * not in `served`. The three newest are always kept: the next step refers to two, and
   * a new fork branches from the one before the finalized one.
   */
  prune(keepFrom: number, served: ReadonlySet<number>): void {
    const floor = Math.min(keepFrom, this.#head - 2);
    for (const i of [...this.#built.keys()]) {
      if (i < floor) {
        this.#before.set(i, this.#built.get(i)!.checkpoint);
        this.#built.delete(i);
      }
    }
    for (const i of [...this.#before.keys()]) if (i < floor - 2) this.#before.delete(i);
    for (const i of [...this.#snapshots.keys()]) if (!served.has(i)) this.#snapshots.delete(i);
  }

  #mustBuilt(index: number): Built {
    const b = this.#built.get(index);
    if (b === undefined) throw new Error(`chain ${this.seed} has not built checkpoint ${index} (head ${this.#head})`);
    return b;
  }
}
