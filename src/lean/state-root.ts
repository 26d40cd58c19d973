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
import { merkleizeBlocksBytes } from "@chainsafe/persistent-merkle-tree";
import type { Type } from "@chainsafe/ssz";
import { QuorumpointError } from "../model/errors.js";
import { chunksRoot, mixInLength } from "../merkle/chunks.js";
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

/** root of List[Bytes32, limit] whose serialized elements are `bytes` (a multiple of 32). */
function flatRootsListRoot(name: string, bytes: Uint8Array, limit: number): Uint8Array {
  const count = bytes.length / ROOT;
  if (count > limit) throw new QuorumpointError("SSZ_INVALID", `state does not decode: ${name} has ${count} roots, over its limit ${limit}`);
  return mixInLength(chunksRoot(bytes, limit), count);
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
