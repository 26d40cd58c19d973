/**
 * Merkle roots of SSZ chunks straight from serialized bytes, through whichever hasher the
 * thread installed (lean/hasher.ts installs the native one). Bounded scratch: a list of any
 * length is merkleized one 1 MiB subtree at a time, and the subtree roots are joined on top.
 */
import { digest64, merkleizeBlocksBytes, zeroHash } from "@chainsafe/persistent-merkle-tree";
import { QuorumpointError } from "../model/errors.js";

export const CHUNK = 32;
/** Subtrees of 2^PIECE_DEPTH chunks (1 MiB) are merkleized one at a time: the scratch stays that size. */
const PIECE_DEPTH = 15;

/** Depth of a tree of `limit` leaves (padded to a power of two). */
export function depthOf(limit: number): number {
  return Math.ceil(Math.log2(Math.max(1, limit)));
}

/**
 * Root of a tree of `depth` whose leftmost leaves are subtrees of `pieceDepth` with these
 * roots (in order), every other subtree absent, i.e. the zero hash of its depth.
 */
export function joinSubtreeRoots(roots: Uint8Array[], pieceDepth: number, depth: number): Uint8Array {
  let layer = roots.length === 0 ? [zeroHash(pieceDepth)] : roots;
  for (let d = pieceDepth; d < depth; d++) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(digest64(layer[i]!, layer[i + 1] ?? zeroHash(d)));
    layer = next;
  }
  return Uint8Array.from(layer[0]!);
}

/**
 * The merkle tree of a run of chunks padded to `limit` leaves, fed in order one piece
 * (2^pieceDepth chunks, 1 MiB at most) at a time, so neither the whole run nor its tree is
 * ever held: only one piece of scratch and the pieces' roots.
 */
export class ChunkTree {
  readonly depth: number;
  /** A tree no deeper than a piece is one piece of its own depth. */
  readonly pieceDepth: number;
  readonly pieceBytes: number;
  readonly #roots: Uint8Array[] = [];
  #scratch: Uint8Array | null = null;
  #ended = false;

  constructor(limit: number) {
    this.depth = depthOf(limit);
    this.pieceDepth = Math.min(PIECE_DEPTH, this.depth);
    this.pieceBytes = 2 ** this.pieceDepth * CHUNK;
  }

  /** The next piece's bytes: a whole piece, or fewer (zero-padded to a chunk) for the last one. */
  pushPiece(part: Uint8Array): void {
    if (this.#ended) throw new QuorumpointError("INTERNAL_MERKLE", "a piece after the last, partial one");
    if (part.length < this.pieceBytes) this.#ended = true;
    // merkleizeBlocksBytes hashes in place and wants whole 64-byte blocks: copy, zero-padded.
    this.#scratch ??= new Uint8Array(Math.min(this.pieceBytes, Math.ceil(part.length / 64) * 64));
    const blocks = this.#scratch.subarray(0, Math.ceil(part.length / 64) * 64);
    blocks.set(part);
    blocks.fill(0, part.length);
    const root = new Uint8Array(CHUNK);
    merkleizeBlocksBytes(blocks, 2 ** this.pieceDepth, root, 0);
    this.#roots.push(root);
  }

  root(): Uint8Array {
    return joinSubtreeRoots(this.#roots, this.pieceDepth, this.depth);
  }
}

/**
 * Merkle root of `bytes` as chunks (zero-padded to a whole chunk), the tree padded with
 * zero chunks to `limit` leaves: each 1 MiB piece's subtree root first, then those roots
 * up to the full depth.
 */
export function chunksRoot(bytes: Uint8Array, limit: number): Uint8Array {
  const tree = new ChunkTree(limit);
  for (let off = 0; off < bytes.length; off += tree.pieceBytes) tree.pushPiece(bytes.subarray(off, off + tree.pieceBytes));
  return tree.root();
}

/** mix_in_length(root, length): the root of a list. */
export function mixInLength(root: Uint8Array, length: number): Uint8Array {
  const chunk = new Uint8Array(CHUNK);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, length >>> 0, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  return digest64(root, chunk);
}
