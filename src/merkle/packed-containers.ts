/**
 * hash_tree_root of fixed-size containers whose fields are basic values or byte vectors
 * (a Validator, a PendingDeposit, a Checkpoint...), straight from their serialized bytes
 * and many at once: a batch of containers is spread into one buffer of leaf chunks and
 * hashed level by level with the batch hasher, never as one object per container. A list of
 * them is those batches' subtree roots joined up to the list's depth.
 */
import { hashInto, merkleizeBlocksBytes } from "@chainsafe/persistent-merkle-tree";
import { QuorumpointError } from "../model/errors.js";
import { CHUNK, depthOf, joinSubtreeRoots } from "./chunks.js";

export interface PackedField {
  /** Where the field starts in the serialized container, and its size in bytes. */
  offset: number;
  size: number;
  /** 0 when its bytes, zero-padded, are its one chunk; else the depth of its own chunks' tree (a byte vector past 32 bytes). */
  depth: number;
  /** A boolean's byte must be 0 or 1. */
  boolean: boolean;
}

export interface PackedContainerLayout {
  /** Serialized size of one container. */
  size: number;
  fields: readonly PackedField[];
  /** Depth of the container's tree of field roots. */
  depth: number;
}

/** The layout of a container whose fields, in order, have these sizes. */
export function packedLayout(fields: ReadonlyArray<{ size: number; boolean?: boolean }>): PackedContainerLayout {
  let offset = 0;
  const out: PackedField[] = [];
  for (const f of fields) {
    out.push({ offset, size: f.size, depth: f.size <= CHUNK ? 0 : depthOf(Math.ceil(f.size / CHUNK)), boolean: f.boolean ?? false });
    offset += f.size;
  }
  return { size: offset, fields: out, depth: depthOf(out.length) };
}

/** Word copies store host-order words: exact only where the host is little-endian, as SSZ is (else bytes are copied one by one). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Containers hashed per batch: 4096 Validators are 1 MiB of leaves, which stays in cache. */
const BATCH_DEPTH = 12;

/** The reusable buffers of one layout's batches. */
class BatchScratch {
  readonly leaves: Uint8Array;
  readonly leafWords: Uint32Array;
  /** The levels above the leaves, hashed in place; the batch's container roots end at its start. */
  readonly level: Uint8Array;
  /** Per field past one chunk: its chunks, and the levels above them. */
  readonly wide: Array<{ chunks: Uint8Array; words: Uint32Array; level: Uint8Array; levelWords: Uint32Array } | null>;

  constructor(layout: PackedContainerLayout, batch: number) {
    // The leaves are only ever read by the hasher, so their padding stays zero from batch to batch.
    this.leaves = new Uint8Array((batch << layout.depth) * CHUNK);
    this.leafWords = new Uint32Array(this.leaves.buffer);
    this.level = new Uint8Array(Math.max(batch * CHUNK + CHUNK, this.leaves.length / 2));
    this.wide = layout.fields.map((f) => {
      if (f.depth === 0) return null;
      const chunks = new Uint8Array((batch << f.depth) * CHUNK);
      const level = new Uint8Array((batch << f.depth) * (CHUNK / 2));
      return { chunks, words: new Uint32Array(chunks.buffer), level, levelWords: new Uint32Array(level.buffer) };
    });
  }
}

/** Hash `bytes` (2^levels chunks per item, `n` items) into `level`, leaving each item's root at level[i * 32]. */
function hashLevels(bytes: Uint8Array, level: Uint8Array, n: number, levels: number): void {
  let width = (n << levels) * CHUNK;
  hashInto(bytes.subarray(0, width), level.subarray(0, width / 2));
  for (width /= 2; width > n * CHUNK; width /= 2) hashInto(level.subarray(0, width), level.subarray(0, width / 2));
}

function badBoolean(at: number, value: number): QuorumpointError {
  return new QuorumpointError("SSZ_INVALID", `a boolean at byte ${at} is ${value}, not 0 or 1`, { offset: at });
}

/**
 * Roots of the `n` containers at bytes[at...], left at s.level[0 : n * 32]. Fields whose
 * size is a multiple of four are copied a 32-bit word at a time (unaligned reads, aligned
 * writes: every chunk starts on a word), four times fewer steps than bytes.
 */
function batchRoots(bytes: Uint8Array, at: number, n: number, layout: PackedContainerLayout, s: BatchScratch): void {
  const { fields, size } = layout;
  const leafBytes = CHUNK << layout.depth;
  const leaves = s.leaves;
  const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const wide = s.wide[f];
    const to = wide === null ? leaves : wide.chunks;
    const words = wide === null ? s.leafWords : wide.words;
    const stride = wide === null ? leafBytes : CHUNK << field.depth;
    const first = wide === null ? f * CHUNK : 0;
    const fieldSize = field.size;
    if (LITTLE_ENDIAN && fieldSize % 4 === 0) {
      for (let j = 0, from = at + field.offset, dst = first >> 2; j < n; j++, from += size, dst += stride >> 2) {
        for (let k = 0; k < fieldSize; k += 4) words[dst + (k >> 2)] = src.getUint32(from + k, true);
      }
    } else {
      for (let j = 0, from = at + field.offset, dst = first; j < n; j++, from += size, dst += stride) {
        for (let k = 0; k < fieldSize; k++) to[dst + k] = bytes[from + k]!;
        if (field.boolean && bytes[from]! > 1) throw badBoolean(from, bytes[from]!);
      }
    }
  }
  for (let f = 0; f < fields.length; f++) {
    const wide = s.wide[f];
    if (wide === null) continue;
    hashLevels(wide.chunks, wide.level, n, fields[f]!.depth);
    const words = s.leafWords;
    const roots = wide.levelWords;
    for (let j = 0, dst = (f * CHUNK) >> 2; j < n; j++, dst += leafBytes >> 2) {
      for (let k = 0; k < CHUNK / 4; k++) words[dst + k] = roots[j * (CHUNK / 4) + k]!;
    }
  }
  if (layout.depth === 0) s.level.set(leaves.subarray(0, n * CHUNK));
  else hashLevels(leaves, s.level, n, layout.depth);
}

/**
 * The merkle tree of a run of packed containers padded to `limit` leaves, fed in order a
 * batch (up to 4096 containers) at a time: only the batch's scratch and the batches' roots
 * are held.
 */
export class PackedContainerTree {
  readonly layout: PackedContainerLayout;
  readonly depth: number;
  readonly pieceDepth: number;
  /** Containers per batch: every batch but the last is this many. */
  readonly batch: number;
  readonly #roots: Uint8Array[] = [];
  #scratch: BatchScratch | null = null;
  #ended = false;
  #count = 0;

  constructor(layout: PackedContainerLayout, limit: number) {
    this.layout = layout;
    this.depth = depthOf(limit);
    this.pieceDepth = Math.min(BATCH_DEPTH, this.depth);
    this.batch = 2 ** this.pieceDepth;
  }

  /** Containers pushed so far. */
  get count(): number {
    return this.#count;
  }

  /** The next `n` containers, serialized at bytes[at...]: a whole batch, or fewer for the last one. */
  pushBatch(bytes: Uint8Array, at: number, n: number): void {
    if (this.#ended || n > this.batch) throw new QuorumpointError("INTERNAL_MERKLE", `a batch of ${n} after the last, partial one, or over ${this.batch}`);
    if (n < this.batch) this.#ended = true;
    this.#scratch ??= new BatchScratch(this.layout, Math.max(1, n));
    const scratch = this.#scratch;
    batchRoots(bytes, at, n, this.layout, scratch);
    const root = new Uint8Array(CHUNK);
    if (this.pieceDepth === 0) root.set(scratch.level.subarray(0, CHUNK));
    else {
      // Whole 64-byte blocks: an odd count gets a zero chunk beside its last root.
      const blocks = scratch.level.subarray(0, Math.ceil(n / 2) * 64);
      blocks.fill(0, n * CHUNK);
      merkleizeBlocksBytes(blocks, this.batch, root, 0);
    }
    this.#roots.push(root);
    this.#count += n;
  }

  root(): Uint8Array {
    return joinSubtreeRoots(this.#roots, this.pieceDepth, this.depth);
  }
}

/**
 * Merkle root of the serialized containers in `bytes` (a whole number of them) as the
 * leaves of a tree padded to `limit` leaves: a vector's root, or a list's before its
 * length is mixed in. A container's own root is this with `limit` 1.
 */
export function packedContainersRoot(bytes: Uint8Array, layout: PackedContainerLayout, limit: number): Uint8Array {
  if (bytes.length % layout.size !== 0) {
    throw new QuorumpointError("SSZ_INVALID", `${bytes.length} bytes are not a whole number of ${layout.size}-byte containers`, { size: bytes.length });
  }
  const count = bytes.length / layout.size;
  const tree = new PackedContainerTree(layout, limit);
  for (let first = 0; first < count; first += tree.batch) tree.pushBatch(bytes, first * layout.size, Math.min(tree.batch, count - first));
  return tree.root();
}
