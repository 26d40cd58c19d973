/**
 * Layout of the digest cache's SharedArrayBuffer (the class is digest-cache.ts).
 *
 * Entry layout (ENTRY_I32 Int32 words, then a byte region and a Float64 region per entry):
 * | i32 +0 STATE   | EMPTY 0, CLAIMED 1, DONE 2, FAILED 3                              |
 * | i32 +1 VERSION | incremented at every claim, so a reader detects reuse of the entry  |
 * | i32 +2 ERROR   | upstreamErrorToInt(code) when FAILED                                |
 * | bytes          | digest, stateRoot, finalized.root, stateJustified.root, stateFinalized.root (32 each), |
 * |                | then when FAILED the first reason: a length byte and up to 127 bytes of UTF-8        |
 * | f64            | finalized.slot, stateJustified.slot, stateFinalized.slot, slot, genesisTime, size, lastUsedMs |
 *
 * Claims and look-ups run under one spin lock word (index 0). It is held only for a scan
 * of CAPACITY entries (about a microsecond, no await inside), so spinning never stalls a
 * thread measurably, and scan-then-claim is atomic: no two workers claim the same digest
 * (or the same state root).
 * Payloads are written before STATE is published with Atomics.store + notify, and read
 * after an Atomics.load of STATE, then VERSION is re-checked (a seqlock-style snapshot).
 */

/** Distinct states kept at once. A round rarely sees more than a handful (honest chain, a
 * few forks, lagging nodes); 64 leaves room for history without a costly scan. */
export const DIGEST_CACHE_CAPACITY = 64;

/** Int32 header: the spin lock word, then padding. */
export const LOCK = 0;
export const HEADER_I32 = 2;
/** Int32 words of an entry. */
export const E_STATE = 0;
export const E_VERSION = 1;
export const E_ERROR = 2;
export const ENTRY_I32 = 4;
/** The byte region of an entry: five 32-byte roots, at these offsets. */
export const ROOT_BYTES = 32;
export const B_DIGEST = 0;
export const B_STATE_ROOT = 32;
export const B_FINALIZED_ROOT = 64;
export const B_JUSTIFIED_ROOT = 96;
export const B_STATE_FINALIZED_ROOT = 128;
/** The first failure's reason (a length byte, then UTF-8), so a second poll of the same bad bytes can say it. */
export const B_REASON = 160;
export const REASON_BYTES = 128;
export const ENTRY_BYTES = 5 * ROOT_BYTES + REASON_BYTES;
/** The Float64 region of an entry, at these indices. */
export const F_FINALIZED_SLOT = 0;
export const F_JUSTIFIED_SLOT = 1;
export const F_STATE_FINALIZED_SLOT = 2;
export const F_SLOT = 3;
export const F_GENESIS_TIME = 4;
export const F_SIZE = 5;
export const F_LAST_USED_MS = 6;
export const ENTRY_F64 = 7;

/** Values of E_STATE. */
export const EMPTY = 0;
export const CLAIMED = 1;
export const DONE = 2;
export const FAILED = 3;

/** Byte sizes of the three regions (Int32 control words, root bytes, Float64 numbers), 8-aligned. */
export function digestCacheLayout(capacity: number) {
  const i32Bytes = Math.ceil(((HEADER_I32 + capacity * ENTRY_I32) * 4) / 8) * 8;
  const byteBytes = Math.ceil((capacity * ENTRY_BYTES) / 8) * 8;
  return { i32Bytes, byteBytes, total: i32Bytes + byteBytes + capacity * ENTRY_F64 * 8 };
}
