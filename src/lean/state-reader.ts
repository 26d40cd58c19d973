/**
 * Cheap readers for the bytes an upstream serves: the fixed part of a `State` and the
 * `Block` inside a `SignedBlock`, read at known offsets with bounds checks, without
 * decoding the big lists. Malformed input throws a QuorumpointError with an `SSZ_*` code
 * (the poll worker maps any `SSZ_*` to the upstream code `bad_ssz`); nothing here can
 * hang or read out of range.
 *
 * Roots are returned as COPIES (32 bytes each), never views: the poll worker transfers the
 * state buffer to the main thread, which would leave a view empty, and a view would also
 * keep the whole 16 MB buffer alive.
 */
import { QuorumpointError } from "../model/errors.js";
import { STATE_LAYOUT } from "../model/state-layout.js";
import { readUint64 } from "../model/uint64.js";
import { Block } from "./types.js";
import { useFastHasher } from "./hasher.js";

useFastHasher();

export { STATE_LAYOUT };

const ROOT = 32;
/** Serialized Validator size in devnet-4/5 (two 52-byte pubkeys + index); devnet-3 had 60. */
export const VALIDATOR_SIZE = 112;
const LIST_NAMES = ["historicalBlockHashes", "justifiedSlots", "validators", "justificationsRoots", "justificationsValidators"] as const;

export interface HeaderFields {
  slot: number;
  proposerIndex: number;
  parentRoot: Uint8Array;
  stateRoot: Uint8Array;
  bodyRoot: Uint8Array;
}

export interface CheckpointFields {
  slot: number;
  root: Uint8Array;
}

export interface StateHeader {
  genesisTime: number;
  slot: number;
  latestBlockHeader: HeaderFields;
  latestJustified: CheckpointFields;
  latestFinalized: CheckpointFields;
  /** Element counts of the fixed-element lists (from their byte ranges). */
  historicalBlockHashesCount: number;
  validatorCount: number;
  justificationsRootsCount: number;
  /** Total byte length of the state. */
  size: number;
  /** [start, end) byte range of each variable-size list, in field order (checked against `size`). */
  listRanges: Array<[number, number]>;
}

export interface SignedBlockFields {
  slot: number;
  proposerIndex: number;
  parentRoot: Uint8Array;
  stateRoot: Uint8Array;
  /** hash_tree_root(Block). */
  blockRoot: Uint8Array;
}

function sszError(code: `SSZ_${string}`, message: string, detail: Record<string, unknown> = {}): QuorumpointError {
  return new QuorumpointError(code, message, detail);
}

/** A uint64 as a number; values past 2^53 are not plausible on a lean network and are rejected. */
const u64 = readUint64;

function copy(bytes: Uint8Array, at: number): Uint8Array {
  return bytes.slice(at, at + ROOT);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface ReadStateHeaderOptions {
  /** Serialized size of one Validator (default: devnet-4's 112). */
  validatorSize?: number;
  /**
   * The state's whole length, when `bytes` holds only its start (at least the fixed part):
   * the offsets are checked against it. A poll that streams a body through the hash
   * without keeping it can still tell broken SSZ from bytes that are merely other bytes.
   */
  totalLength?: number;
}

/**
 * Read the State's fixed fields and check its five list offsets: the first is 228, none
 * decreases, none passes the end, list sections hold whole elements, bitlists are not
 * empty. List contents are not decoded (verifyState does that).
 */
export function readStateHeader(bytes: Uint8Array, options: ReadStateHeaderOptions = {}): StateHeader {
  const validatorSize = options.validatorSize ?? VALIDATOR_SIZE;
  const L = STATE_LAYOUT;
  const size = options.totalLength ?? bytes.length;
  if (size < L.fixedSize || bytes.length < Math.min(size, L.fixedSize)) {
    throw sszError("SSZ_TOO_SHORT", `state is ${size} bytes, the fixed part alone is ${L.fixedSize}`, { size });
  }
  const view = viewOf(bytes);
  const offsets: number[] = [];
  for (let i = 0; i < LIST_NAMES.length; i++) offsets.push(view.getUint32(L.offsets + 4 * i, true));
  if (offsets[0] !== L.fixedSize) {
    throw sszError("SSZ_BAD_OFFSET", `first list offset is ${offsets[0]}, expected ${L.fixedSize}`, { offsets });
  }
  offsets.push(size);
  for (let i = 0; i < LIST_NAMES.length; i++) {
    if (offsets[i + 1]! < offsets[i]!) {
      const where = i + 1 < LIST_NAMES.length ? `${LIST_NAMES[i + 1]} offset ${offsets[i + 1]}` : `end ${size}`;
      throw sszError("SSZ_BAD_OFFSET", `${LIST_NAMES[i]} offset ${offsets[i]} is past ${where}`, { offsets });
    }
  }
  const span = (i: number): number => offsets[i + 1]! - offsets[i]!;
  for (const [i, size] of [[0, ROOT], [2, validatorSize], [3, ROOT]] as const) {
    if (span(i) % size !== 0) {
      throw sszError("SSZ_BAD_LENGTH", `${LIST_NAMES[i]} is ${span(i)} bytes, not a multiple of ${size}`, { offsets });
    }
  }
  // A bitlist always holds at least its delimiter byte.
  for (const i of [1, 4]) {
    if (span(i) === 0) throw sszError("SSZ_BAD_LENGTH", `${LIST_NAMES[i]} bitlist is empty (no delimiter bit)`, { offsets });
  }
  const h = L.header;
  return {
    genesisTime: u64(view, L.genesisTime, "genesis_time"),
    slot: u64(view, L.slot, "slot"),
    latestBlockHeader: {
      slot: u64(view, h, "latest_block_header.slot"),
      proposerIndex: u64(view, h + 8, "latest_block_header.proposer_index"),
      parentRoot: copy(bytes, h + 16),
      stateRoot: copy(bytes, h + 48),
      bodyRoot: copy(bytes, h + 80),
    },
    latestJustified: { root: copy(bytes, L.justified), slot: u64(view, L.justified + ROOT, "latest_justified.slot") },
    latestFinalized: { root: copy(bytes, L.finalized), slot: u64(view, L.finalized + ROOT, "latest_finalized.slot") },
    historicalBlockHashesCount: span(0) / ROOT,
    validatorCount: span(2) / validatorSize,
    justificationsRootsCount: span(3) / ROOT,
    size,
    listRanges: LIST_NAMES.map((_, i) => [offsets[i]!, offsets[i + 1]!] as [number, number]),
  };
}

/** Fixed part of a SignedBlock: two offsets (block, signature). Of a Block: 84 bytes. */
const SIGNED_BLOCK_FIXED = 8;
const BLOCK_FIXED = 84;

/**
 * Read the Block inside SignedBlock bytes and compute its root. Only the block part is
 * decoded: the signature layout differs between devnets and is not needed here.
 */
export function readSignedBlock(bytes: Uint8Array): SignedBlockFields {
  if (bytes.length < SIGNED_BLOCK_FIXED + BLOCK_FIXED) {
    throw sszError("SSZ_TOO_SHORT", `signed block is ${bytes.length} bytes, too short for a block`, { size: bytes.length });
  }
  const view = viewOf(bytes);
  const blockStart = view.getUint32(0, true);
  const blockEnd = view.getUint32(4, true);
  if (blockStart !== SIGNED_BLOCK_FIXED || blockEnd < blockStart + BLOCK_FIXED || blockEnd > bytes.length) {
    throw sszError("SSZ_BAD_OFFSET", `signed block offsets ${blockStart}, ${blockEnd} do not fit ${bytes.length} bytes`, {
      offsets: [blockStart, blockEnd],
    });
  }
  const blockBytes = bytes.subarray(blockStart, blockEnd);
  let block: ReturnType<typeof Block.deserialize>;
  try {
    block = Block.deserialize(blockBytes);
  } catch (e) {
    throw new QuorumpointError("SSZ_INVALID", `block does not decode: ${shortMessage(e)}`, {}, { cause: e });
  }
  const blockView = viewOf(blockBytes);
  const fields = {
    slot: u64(blockView, 0, "block.slot"),
    proposerIndex: u64(blockView, 8, "block.proposer_index"),
    parentRoot: copy(blockBytes, 16),
    stateRoot: copy(blockBytes, 48),
  };
  // A uint64 of the body (an attestation's slots) past 2^53 decodes to a rounded number,
  // whose root is not these bytes' root: the value must encode back to the same bytes.
  if (Buffer.compare(Block.serialize(block), blockBytes) !== 0) {
    throw sszError("SSZ_UINT64_RANGE", "block holds a uint64 past 2^53 (it does not re-encode to its own bytes)");
  }
  return { ...fields, blockRoot: Block.hashTreeRoot(block) };
}

/** First line of an error's message, capped: decode errors can quote whole buffers. */
export function shortMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split("\n", 1)[0] ?? "";
  return line.length > 160 ? line.slice(0, 157) + "..." : line;
}
