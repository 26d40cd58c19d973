/**
 * The last verified finalized block of each upstream, on the main thread: what the block
 * endpoint serves beside the state. A block is held only when its worker checked it
 * against that upstream's verified state (its root is the state's finalized root), and it
 * follows the dispatcher's rule for an upstream's last result: a failed poll keeps it, an
 * unchanged poll keeps it, a poll that found no block drops it.
 */
import type { PollOutcome } from "../model/outcome.js";

export interface HeldBlock {
  /** The SSZ SignedBlock as the upstream served it. Never mutate or transfer it. */
  readonly bytes: Uint8Array;
  /** SHA-256 of the bytes, 0x hex. */
  readonly digest: string;
  /** hash_tree_root(block), 0x hex: the finalized checkpoint root it was checked against. */
  readonly root: string;
  /** Beacon chain: the SignedBeaconBlock in the beacon API's JSON form, rendered by the worker that read it. */
  readonly json?: unknown;
}

/** What `StateStore.apply` needs to attach a block to a checkpoint. */
export interface BlockSource {
  /** A held block of one of `upstreams` (in their order) whose root is `root`, or null. */
  blockFor(root: string, upstreams: readonly number[]): HeldBlock | null;
}

export const NO_BLOCKS: BlockSource = { blockFor: () => null };

export class UpstreamBlocks implements BlockSource {
  readonly #held: Array<HeldBlock | null>;

  constructor(upstreams: number) {
    this.#held = Array.from({ length: upstreams }, () => null);
  }

  /** Apply one accepted outcome of a round. */
  apply(o: PollOutcome): void {
    if (!o.ok) return;
    const held = this.#held[o.upstream] ?? null;
    if (o.blockNote !== "served" || o.blockDigest === null || o.blockRoot === null) {
      this.#held[o.upstream] = null;
    } else if (o.blockBytes !== undefined) {
      this.#held[o.upstream] = Object.freeze({ bytes: o.blockBytes, digest: o.blockDigest, root: o.blockRoot, ...(o.blockJson === undefined ? {} : { json: o.blockJson }) });
    } else if (held?.digest !== o.blockDigest) {
      this.#held[o.upstream] = null; // unchanged, yet not the block we hold: nothing to vouch for
    }
  }

  blockFor(root: string, upstreams: readonly number[]): HeldBlock | null {
    for (const u of upstreams) {
      const b = this.#held[u];
      if (b != null && b.root === root) return b;
    }
    return null;
  }

  /** How many upstreams have a held block (for status). */
  get count(): number {
    return this.#held.filter((b) => b !== null).length;
  }
}
