/**
 * One simulated beacon chain (the honest one, a fork, or another network's): its head, the
 * blocks and epoch-start states of a recent window, and the bytes served for them.
 */
import type { BeaconFork } from "../../model/beacon.js";
import type { StateMarks } from "../responses.js";
import type { BlockRecord, SimState, Stepper } from "./stepper.js";
import { isSkipped } from "./stepper.js";

/** A state as nodes serve it: its bytes are made once and shared by every node serving it. */
export interface StateSnapshot {
  slot: number;
  fork: BeaconFork;
  state: SimState;
  root: Uint8Array;
  /** The latest block as of this state (the checkpoint's block for an epoch-start state). */
  block: BlockRecord;
  parts: Buffer[];
  size: number;
  marks: StateMarks;
}

export class BeaconChain {
  readonly stepper: Stepper;
  #head: SimState;
  readonly #blocks: Map<number, BlockRecord>;
  /** State at each epoch's first slot, and the checkpoint root of that epoch. */
  readonly #epochs: Map<number, SimState>;
  readonly #checkpoints: Map<number, Uint8Array>;
  readonly #snapshots = new Map<number, StateSnapshot>();
  /** States served instead of the finalized one by head-state nodes, by epoch. */
  readonly #stale = new Map<number, StateSnapshot>();
  #pruned = false;

  private constructor(stepper: Stepper, head: SimState, blocks: Map<number, BlockRecord>, epochs: Map<number, SimState>, checkpoints: Map<number, Uint8Array>) {
    this.stepper = stepper;
    this.#head = head;
    this.#blocks = blocks;
    this.#epochs = epochs;
    this.#checkpoints = checkpoints;
  }

  static genesis(stepper: Stepper): BeaconChain {
    const g = stepper.genesis();
    const chain = new BeaconChain(stepper, g.state, new Map([[0, g.block]]), new Map([[0, g.state]]), new Map([[0, g.block.root]]));
    return chain;
  }

  /**
   * A chain with its own blocks from epoch `from` on, sharing everything before with
   * `parent` (states are immutable, so sharing them is free).
   */
  static branch(parent: BeaconChain, stepper: Stepper, from: number): BeaconChain {
    const spe = stepper.slotsPerEpoch;
    const keep = <T>(m: Map<number, T>, last: number): Map<number, T> => new Map([...m].filter(([k]) => k <= last));
    const start = parent.#epochs.get(from);
    if (start === undefined) throw new RangeError(`no state kept for epoch ${from}`);
    return new BeaconChain(stepper, start, keep(parent.#blocks, from * spe), keep(parent.#epochs, from), keep(parent.#checkpoints, from));
  }

  get headSlot(): number {
    return this.#head.slot;
  }

  get head(): SimState {
    return this.#head;
  }

  get slotsPerEpoch(): number {
    return this.stepper.slotsPerEpoch;
  }

  /** Step slot by slot until the head is at `slot`. */
  stepTo(slot: number): void {
    const spe = this.slotsPerEpoch;
    while (this.#head.slot < slot) {
      let s = this.stepper.processSlot(this.#head, (e) => this.checkpointRoot(e));
      if (!isSkipped(s.slot, spe)) {
        const b = this.stepper.applyBlock(s);
        s = b.state;
        this.#blocks.set(s.slot, b.block);
      }
      if (s.slot % spe === 0) {
        this.#epochs.set(s.slot / spe, s);
        this.#checkpoints.set(s.slot / spe, s.latestBlockRoot);
      }
      this.#head = s;
    }
  }

  checkpointRoot(epoch: number): Uint8Array {
    const root = this.#checkpoints.get(epoch);
    if (root === undefined) throw new RangeError(`no checkpoint kept for epoch ${epoch}`);
    return root;
  }

  epochState(epoch: number): SimState | undefined {
    return this.#epochs.get(epoch);
  }

  blockAt(slot: number): BlockRecord | undefined {
    return this.#blocks.get(slot);
  }

  blockByRoot(root: string): BlockRecord | undefined {
    for (const b of this.#blocks.values()) if (Buffer.from(b.root).toString("hex") === root) return b;
    return undefined;
  }

  /** The latest block at or before `slot` (within the kept window, genesis aside). */
  latestBlockAt(slot: number): BlockRecord | undefined {
    const oldest = this.#oldestBlock();
    for (let t = slot; t >= oldest; t--) {
      const b = this.#blocks.get(t);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** The bytes of `state` (an epoch-start state or the head), made once per slot. */
  snapshot(state: SimState): StateSnapshot {
    const cached = this.#snapshots.get(state.slot);
    if (cached !== undefined && cached.state === state) return cached;
    const snap = this.#serialize(state);
    this.#snapshots.set(state.slot, snap);
    return snap;
  }

  /**
   * What a head-state node answers for epoch `epoch`'s state: the state of epoch - 1 taken
   * through empty slots to epoch's first slot, as a node whose head stopped there would.
   */
  staleSnapshot(epoch: number): StateSnapshot | undefined {
    const cached = this.#stale.get(epoch);
    if (cached !== undefined) return cached;
    let s = this.#epochs.get(epoch - 1);
    if (s === undefined) return undefined;
    const target = epoch * this.slotsPerEpoch;
    while (s.slot < target) s = this.stepper.processSlot(s, (e) => this.checkpointRoot(e));
    const snap = this.#serialize(s);
    this.#stale.set(epoch, snap);
    return snap;
  }

  /** Forget what is older than epoch `from`, and bytes of slots not in `served`. */
  prune(from: number, served: ReadonlySet<number>): void {
    const spe = this.slotsPerEpoch;
    this.#pruned ||= from > 1;
    // One epoch of blocks before the oldest kept state: its latest block is among them.
    for (const slot of [...this.#blocks.keys()]) if (slot < (from - 1) * spe && slot !== 0) this.#blocks.delete(slot);
    for (const e of [...this.#epochs.keys()]) if (e < from) this.#epochs.delete(e);
    for (const e of [...this.#checkpoints.keys()]) if (e < from - 2) this.#checkpoints.delete(e);
    for (const slot of [...this.#snapshots.keys()]) if (!served.has(slot)) this.#snapshots.delete(slot);
    for (const e of [...this.#stale.keys()]) if (!served.has(e * spe)) this.#stale.delete(e);
  }

  /** The oldest kept slot that has a block, genesis only when nothing after it was dropped. */
  #oldestBlock(): number {
    let min = Infinity;
    for (const k of this.#blocks.keys()) if (k > 0 && k < min) min = k;
    return min === Infinity || !this.#pruned ? 0 : min;
  }

  #serialize(state: SimState): StateSnapshot {
    const st = this.stepper;
    const bytes = st.codec.serialize(st.stateType(state.fork), state.value);
    // A stale (head-state) state's latest block is older than the chain's at its slot.
    const latest = this.latestBlockAt(state.slot);
    const block = latest !== undefined && Buffer.from(latest.root).equals(state.latestBlockRoot) ? latest : this.blockByRoot(Buffer.from(state.latestBlockRoot).toString("hex"));
    if (block === undefined) throw new RangeError(`no block kept for the state at slot ${state.slot}`);
    return { slot: state.slot, fork: state.fork, state, root: st.rootOf(state), block, ...bytes };
  }
}
