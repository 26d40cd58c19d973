/**
 * hash_tree_root(State) straight from its SSZ bytes, without decoding the big lists.
 *
 * A 16 MB state is mostly two List[Bytes32] (historical_block_hashes and
 * justifications_roots): ~470k roots. Decoding them makes one Uint8Array per root, and
 * hashing the decoded value copies each back into blocks: ~0.4 s and ~100 MB of short-lived
 * heap per state, which also blocks the worker's event loop (its other polls' sockets stall)
 * and leaves old-space garbage behind. A Bytes32 element is its own chunk, so those lists'
 * chunks are their serialized bytes: copied a 1 MiB subtree at a time into one scratch
 * buffer, which the native hasher merkleizes in place (measured in
 * test/unit/lean/state-root.test.ts and by `npm run bench`'s calibration). The scratch
 * stays 1 MiB whatever the state's size: a whole-list copy was as large as the list, on
 * top of the body, in the worker that verifies. Every other field is small (the validator registry is
 * capped at 4096) or flat (the bitlists), and goes through @chainsafe/ssz as before.
 *
 * The result must equal `State.hashTreeRoot(State.deserialize(bytes))`: the leanSpec
 * vectors and a property test hold it to that.
 */
import { digest64, merkleizeBlocksBytes, zeroHash } from "@chainsafe/persistent-merkle-tree";
import type { Type } from "@chainsafe/ssz";
import { QuorumpointError } from "../model/errors.js";
import { useFastHasher } from "./hasher.js";
import { shortMessage, STATE_LAYOUT, type StateHeader } from "./state-reader.js";
import { State } from "./types.js";

useFastHasher();

const ROOT = 32;
/** The Bytes32 lists merkleized from their bytes, with their limits (in elements = chunks). */
const FLAT_ROOT_LISTS: Record<string, number> = {
  historicalBlockHashes: State.fields.historicalBlockHashes.limit,
  justificationsRoots: State.fields.justificationsRoots.limit,
};

/** Byte range of every field in wire order: the fixed ones from the layout, the lists from the header. */
function fieldRanges(header: StateHeader): Array<[number, number]> {
  const L = STATE_LAYOUT;
  const fixed: Array<[number, number]> = [
    [L.genesisTime, L.slot], [L.slot, L.header], [L.header, L.justified], [L.justified, L.finalized], [L.finalized, L.offsets],
  ];
  return [...fixed, ...header.listRanges];
}

/** Subtrees of 2^PIECE_DEPTH chunks (1 MiB) are merkleized one at a time. */
const PIECE_DEPTH = 15;

/**
 * Merkle root of `bytes` as chunks (a multiple of 32 bytes), the tree padded with zero
 * chunks to `limit` leaves, through a scratch of at most 2^PIECE_DEPTH chunks: each 1 MiB piece's
 * subtree root first, then those roots up to the full depth, absent subtrees being zero
 * hashes of their depth.
 */
export function chunksRoot(bytes: Uint8Array, limit: number): Uint8Array {
  const depth = Math.ceil(Math.log2(Math.max(1, limit)));
  // A tree no deeper than a piece is one piece of its own depth.
  const pieceDepth = Math.min(PIECE_DEPTH, depth);
  const pieceBytes = 2 ** pieceDepth * ROOT;
  // merkleizeBlocksBytes hashes in place and wants whole 64-byte blocks: copy, zero-padded.
  const scratch = new Uint8Array(Math.min(pieceBytes, Math.ceil(bytes.length / 64) * 64));
  let layer: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; off += pieceBytes) {
    const part = bytes.subarray(off, off + pieceBytes);
    const blocks = scratch.subarray(0, Math.ceil(part.length / 64) * 64);
    blocks.set(part);
    blocks.fill(0, part.length);
    const root = new Uint8Array(ROOT);
    merkleizeBlocksBytes(blocks, 2 ** pieceDepth, root, 0);
    layer.push(root);
  }
  if (layer.length === 0) layer.push(zeroHash(pieceDepth));
  for (let d = pieceDepth; d < depth; d++) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(digest64(layer[i]!, layer[i + 1] ?? zeroHash(d)));
    layer = next;
  }
  return Uint8Array.from(layer[0]!);
}

/** root of List[Bytes32, limit] whose serialized elements are `bytes` (a multiple of 32). */
function flatRootsListRoot(name: string, bytes: Uint8Array, limit: number): Uint8Array {
  const count = bytes.length / ROOT;
  if (count > limit) throw new QuorumpointError("SSZ_INVALID", `state does not decode: ${name} has ${count} roots, over its limit ${limit}`);
  const root = chunksRoot(bytes, limit);
  const length = new Uint8Array(ROOT);
  new DataView(length.buffer).setUint32(0, count, true);
  return digest64(root, length);
}

/** root of one small or flat field through @chainsafe/ssz (decoding validates it). */
function libraryRoot(name: string, type: Type<unknown>, bytes: Uint8Array): Uint8Array {
  let value: unknown;
  try {
    value = type.deserialize(bytes);
  } catch (e) {
    throw new QuorumpointError("SSZ_INVALID", `state does not decode: ${name}: ${shortMessage(e)}`, {}, { cause: e });
  }
  // A uint64 past 2^53 decodes to an inexact number and would hash to a wrong root. The
  // fixed part's are checked by readStateHeader; validator indices are the only others.
  if (name === "validators") {
    for (const v of value as Array<{ index: number }>) {
      if (!Number.isSafeInteger(v.index)) throw new QuorumpointError("SSZ_UINT64_RANGE", `validator index exceeds 2^53`);
    }
  }
  return type.hashTreeRoot(value);
}

/** hash_tree_root(State) of `bytes`, whose layout `header` (readStateHeader) already checked. */
export function stateRootFromBytes(bytes: Uint8Array, header: StateHeader): Uint8Array {
  const ranges = fieldRanges(header);
  const fields = State.fieldsEntries;
  // The container: its field roots as chunks, merkleized (padded to a power of two).
  const blocks = new Uint8Array(Math.ceil(fields.length / 2) * 64);
  fields.forEach(({ fieldName, fieldType }, i) => {
    const [start, end] = ranges[i]!;
    const sub = bytes.subarray(start, end);
    const limit = FLAT_ROOT_LISTS[fieldName];
    const root = limit === undefined ? libraryRoot(fieldName, fieldType as Type<unknown>, sub) : flatRootsListRoot(fieldName, sub, limit);
    blocks.set(root, i * ROOT);
  });
  const out = new Uint8Array(ROOT);
  merkleizeBlocksBytes(blocks, fields.length, out, 0);
  return out;
}
