/**
 * The devnet's chains: the honest chain (seed 0) and the forks nodes are on, all moving
 * to the same finalized index together. Checkpoint f is finalized, f + 1 is the current
 * justified one, so both are always built.
 *
 * A fork branches from the honest chain at the checkpoint just before the finalized one
 * when it is first needed (at start-up that is the shared base state), so making one
 * costs one or two steps, never a replay of the whole chain.
 */
import { HISTORICAL_ROOTS_LIMIT, State } from "../lean/index.js";
import type { Node } from "@chainsafe/persistent-merkle-tree";
import { MAX_LAG_CHECKPOINTS } from "./behaviours.js";
import { SimChain } from "./chain.js";
import type { Snapshot } from "./chain.js";
import { buildBase, checkpointSlot } from "./state-builder.js";
import type { ChainShape, CheckpointRef } from "./state-builder.js";

/** Which checkpoint a node serves: a chain (0 honest, k fork k) and an index. */
export interface ServedRef {
  chain: number;
  index: number;
}

export class ChainSet {
  readonly #shape: ChainShape;
  /** The state before checkpoint 0, shared by all chains (forks made at start-up branch here). */
  readonly #baseNode: Node;
  readonly #honest: SimChain;
  readonly #forks = new Map<number, SimChain>();
  #finalized = 0;

  constructor(shape: ChainShape) {
    this.#shape = shape;
    const base = buildBase(shape);
    this.#baseNode = base.view.node;
    this.#honest = new SimChain(0, shape, base.view, 0, base.before);
    this.#honest.buildTo(1);
  }

  get finalizedIndex(): number {
    return this.#finalized;
  }

  /** False when history has no room for another checkpoint (see GROWTH_ROOM in config.ts). */
  canAdvance(): boolean {
    return checkpointSlot(this.#shape, this.#finalized + 2) <= HISTORICAL_ROOTS_LIMIT;
  }

  /** Finalize the next checkpoint on every chain (and build the one after, now justified). */
  advance(): boolean {
    if (!this.canAdvance()) return false;
    this.#finalized += 1;
    for (const chain of this.#chains()) chain.buildTo(this.#finalized + 1);
    return true;
  }

  chain(seed: number): SimChain {
    if (seed === 0) return this.#honest;
    let fork = this.#forks.get(seed);
    if (fork === undefined) {
      const from = this.#finalized - 1;
      const view = from < 0 ? State.getViewDU(this.#baseNode) : this.#honest.viewAt(from);
      const before = new Map<number, CheckpointRef>([
        [from, this.#honest.checkpoint(from)],
        [from - 1, this.#honest.checkpoint(from - 1)],
      ]);
      fork = new SimChain(seed, this.#shape, view, from + 1, before);
      fork.buildTo(this.#finalized + 1);
      this.#forks.set(seed, fork);
    }
    return fork;
  }

  snapshot(ref: ServedRef): Snapshot {
    return this.chain(ref.chain).snapshot(ref.index);
  }

  checkpoint(ref: ServedRef): CheckpointRef {
    return this.chain(ref.chain).checkpoint(ref.index);
  }

  /** The honest checkpoint a node lagging `lag` checkpoints behind serves. */
  laggingIndex(lag: number): number {
    return Math.max(0, this.#finalized - lag);
  }

  /**
   * Keep only what `served` (every node's current checkpoint) needs: drop unused forks and
   * bytes nobody serves. The honest chain keeps the trees of its last MAX_LAG_CHECKPOINTS
   * checkpoints (a few hundred KB each, shared structure), so a node switched to lagging at
   * run time serves exactly the checkpoint it should.
   */
  retain(served: readonly ServedRef[]): void {
    for (const seed of [...this.#forks.keys()]) if (!served.some((r) => r.chain === seed)) this.#forks.delete(seed);
    for (const chain of this.#chains()) {
      const mine = served.filter((r) => r.chain === chain.seed).map((r) => r.index);
      const window = chain.seed === 0 ? MAX_LAG_CHECKPOINTS : 0;
      chain.prune(Math.min(this.#finalized - window, ...mine), new Set(mine));
    }
  }

  #chains(): SimChain[] {
    return [this.#honest, ...this.#forks.values()];
  }
}
