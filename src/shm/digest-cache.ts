/**
 * The digest cache: a second SharedArrayBuffer, shared by every poll worker, that makes
 * the same state bytes from many upstreams cost one merkleization instead of one each.
 *
 * A worker digests the body (SHA-256, native, while streaming), then asks this cache:
 * - hit: another worker already verified these bytes; reuse its VerifiedState.
 * - failed: these bytes were already found bad (e.g. `bad_ssz`); reuse the verdict.
 * - pending: another worker is merkleizing them now; wait for it (Atomics.waitAsync on
 *   the entry's state word), then reuse. Two workers never merkleize the same bytes
 *   (~30 ms each at 16 MB since state-root.ts, ~0.4 s before).
 * - claimed: nobody has them; this worker verifies, then publishes. The claimer is also the
 *   one poll that returns the bytes to the main thread, so the main thread receives each
 *   distinct state once.
 *
 * Entries are found by digest, or by state root: a poll that probed the upstream's
 * finalized block knows the state root the upstream claims before it downloads anything
 * (`lookupOrClaimRoot`). The first poll to meet a root claims it and keeps its body; the
 * others only hash theirs as it streams (no 16 MB buffer, no copy) and compare digests
 * with the claimer's verified result: SSZ is canonical, so other bytes cannot be the state
 * with that root.
 *
 * The buffer's layout and the lock protocol: digest-cache-layout.ts.
 */
import type { VerifiedState } from "../model/outcome.js";
import { upstreamErrorFromInt, upstreamErrorToInt, type UpstreamErrorCode } from "../model/errors.js";
import { fromHex, toHex } from "../model/hex.js";
import {
  B_DIGEST, B_FINALIZED_ROOT, B_REASON, REASON_BYTES, B_JUSTIFIED_ROOT, B_STATE_FINALIZED_ROOT, B_STATE_ROOT, CLAIMED, DIGEST_CACHE_CAPACITY, DONE, EMPTY,
  ENTRY_BYTES, ENTRY_F64, ENTRY_I32, E_ERROR, E_STATE, E_VERSION, FAILED, F_FINALIZED_SLOT, F_GENESIS_TIME, F_JUSTIFIED_SLOT,
  F_LAST_USED_MS, F_SIZE, F_SLOT, F_STATE_FINALIZED_SLOT, HEADER_I32, LOCK, ROOT_BYTES,
  digestCacheLayout,
} from "./digest-cache-layout.js";

export type CacheLookup =
  | { kind: "hit"; state: VerifiedState }
  /** `reason`: what the poll that first found these bytes invalid said (truncated). */
  | { kind: "failed"; code: UpstreamErrorCode; digest: string; reason: string }
  | { kind: "pending"; entry: number; version: number }
  | { kind: "claimed"; entry: number; version: number };

export class DigestCache {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly #i32: Int32Array;
  readonly #u8: Uint8Array;
  readonly #f64: Float64Array;

  static create(capacity = DIGEST_CACHE_CAPACITY): DigestCache {
    return new DigestCache(new SharedArrayBuffer(digestCacheLayout(capacity).total), capacity);
  }

  constructor(buffer: SharedArrayBuffer, capacity = DIGEST_CACHE_CAPACITY) {
    const l = digestCacheLayout(capacity);
    if (buffer.byteLength < l.total) throw new RangeError("digest cache buffer too small");
    this.buffer = buffer;
    this.capacity = capacity;
    this.#i32 = new Int32Array(buffer, 0, l.i32Bytes / 4);
    this.#u8 = new Uint8Array(buffer, l.i32Bytes, capacity * ENTRY_BYTES);
    this.#f64 = new Float64Array(buffer, l.i32Bytes + l.byteBytes, capacity * ENTRY_F64);
  }

  #w(e: number, field: number): number {
    return HEADER_I32 + e * ENTRY_I32 + field;
  }

  #withLock<T>(fn: () => T): T {
    // Spin: the holder never awaits, so the lock is free again within microseconds.
    while (Atomics.compareExchange(this.#i32, LOCK, 0, 1) !== 0) {
      /* spin */
    }
    try {
      return fn();
    } finally {
      Atomics.store(this.#i32, LOCK, 0);
    }
  }

  /** The entry whose key at byte `at` of its record (the digest or the state root) equals `key`, or -1. */
  #findKey(key: Uint8Array, at: typeof B_DIGEST | typeof B_STATE_ROOT | typeof B_FINALIZED_ROOT): number {
    for (let e = 0; e < this.capacity; e++) {
      if (Atomics.load(this.#i32, this.#w(e, E_STATE)) === EMPTY) continue;
      const off = e * ENTRY_BYTES + at;
      let i = 0;
      while (i < ROOT_BYTES && this.#u8[off + i] === key[i]) i++;
      if (i === ROOT_BYTES) return e;
    }
    return -1;
  }

  #find(digest: Uint8Array): number {
    return this.#findKey(digest, B_DIGEST);
  }

  #findRoot(root: Uint8Array): number {
    return this.#findKey(root, B_STATE_ROOT);
  }

  #findFinalized(root: Uint8Array): number {
    return this.#findKey(root, B_FINALIZED_ROOT);
  }

  /** The entry to reuse for a new claim: an empty one, else the least recently used settled one. */
  #victim(): number {
    let best = -1;
    let bestUsed = Infinity;
    for (let e = 0; e < this.capacity; e++) {
      const s = Atomics.load(this.#i32, this.#w(e, E_STATE));
      if (s === EMPTY) return e;
      const used = this.#f64[e * ENTRY_F64 + F_LAST_USED_MS]!;
      if (s !== CLAIMED && used < bestUsed) {
        best = e;
        bestUsed = used;
      }
    }
    return best;
  }

  /** worker: look the digest up, claiming it when nobody has it. */
  lookupOrClaim(digestHex: string, nowMs = Date.now()): CacheLookup {
    const digest = fromHex(digestHex);
    return this.#withLock(() => {
      const e = this.#find(digest);
      return e >= 0 ? this.#answer(e, nowMs) : this.#claim(digest, null, nowMs);
    });
  }

  /**
   * worker: look up the state a block names by its state root, claiming the root when
   * nobody has it. A hit or pending answer means: stream the body through the hash only.
   */
  lookupOrClaimRoot(stateRootHex: string, nowMs = Date.now()): CacheLookup {
    const root = fromHex(stateRootHex);
    return this.#withLock(() => {
      const e = this.#findRoot(root);
      return e >= 0 ? this.#answer(e, nowMs) : this.#claim(null, root, nowMs);
    });
  }

  /**
   * worker (beacon chain): look up the checkpoint state an upstream claims by its finalized
   * block root, claiming the root when nobody has it. A hit is a state verified from some
   * upstream's bytes: a claim of the same checkpoint votes for it without a download.
   */
  lookupOrClaimFinalized(finalizedRootHex: string, nowMs = Date.now()): CacheLookup {
    const root = fromHex(finalizedRootHex);
    return this.#withLock(() => {
      const e = this.#findFinalized(root);
      return e >= 0 ? this.#answer(e, nowMs) : this.#claim(null, null, nowMs, root);
    });
  }

  #answer(e: number, nowMs: number): CacheLookup {
    const state = Atomics.load(this.#i32, this.#w(e, E_STATE));
    const version = Atomics.load(this.#i32, this.#w(e, E_VERSION));
    this.#f64[e * ENTRY_F64 + F_LAST_USED_MS] = nowMs;
    if (state === DONE) return { kind: "hit", state: this.#readState(e) };
    if (state === FAILED) return this.#failedOf(e);
    return { kind: "pending", entry: e, version };
  }

  /** Claim a fresh entry under one key; the other keys' bytes are zeroed until publish (never matched). */
  #claim(digest: Uint8Array | null, root: Uint8Array | null, nowMs: number, finalizedRoot: Uint8Array | null = null): CacheLookup {
    const v = this.#victim();
    // Every entry is mid-claim: verify without caching (only with > CAPACITY distinct states at once).
    if (v < 0) return { kind: "claimed", entry: -1, version: 0 };
    // Bump VERSION and publish CLAIMED before overwriting the payload, so a reader outside
    // the lock that still holds the old version sees the change and discards what it read.
    const version = Atomics.add(this.#i32, this.#w(v, E_VERSION), 1) + 1;
    Atomics.store(this.#i32, this.#w(v, E_STATE), CLAIMED);
    const b = v * ENTRY_BYTES;
    this.#u8.fill(0, b + B_DIGEST, b + B_FINALIZED_ROOT + ROOT_BYTES);
    if (digest) this.#u8.set(digest, b + B_DIGEST);
    if (root) this.#u8.set(root, b + B_STATE_ROOT);
    if (finalizedRoot) this.#u8.set(finalizedRoot, b + B_FINALIZED_ROOT);
    this.#f64[v * ENTRY_F64 + F_LAST_USED_MS] = nowMs;
    return { kind: "claimed", entry: v, version };
  }

  #failedOf(e: number): CacheLookup {
    const code = upstreamErrorFromInt(Atomics.load(this.#i32, this.#w(e, E_ERROR)))!;
    const at = e * ENTRY_BYTES + B_REASON;
    const reason = new TextDecoder().decode(this.#u8.slice(at + 1, at + 1 + this.#u8[at]!));
    return { kind: "failed", code, digest: this.#digestOf(e), reason };
  }

  #digestOf(e: number): string {
    const b = e * ENTRY_BYTES + B_DIGEST;
    return toHex(this.#u8.subarray(b, b + ROOT_BYTES));
  }

  /** worker (the claimer): publish the verified state. */
  publish(entry: number, version: number, s: VerifiedState): void {
    if (entry < 0 || Atomics.load(this.#i32, this.#w(entry, E_VERSION)) !== version) return;
    const b = entry * ENTRY_BYTES;
    this.#u8.set(fromHex(s.digest), b + B_DIGEST);
    this.#u8.set(fromHex(s.stateRoot), b + B_STATE_ROOT);
    this.#u8.set(fromHex(s.finalized.root), b + B_FINALIZED_ROOT);
    this.#u8.set(fromHex(s.stateJustified.root), b + B_JUSTIFIED_ROOT);
    this.#u8.set(fromHex(s.stateFinalized.root), b + B_STATE_FINALIZED_ROOT);
    const f = entry * ENTRY_F64;
    this.#f64[f + F_FINALIZED_SLOT] = s.finalized.slot;
    this.#f64[f + F_JUSTIFIED_SLOT] = s.stateJustified.slot;
    this.#f64[f + F_STATE_FINALIZED_SLOT] = s.stateFinalized.slot;
    this.#f64[f + F_SLOT] = s.slot;
    this.#f64[f + F_GENESIS_TIME] = s.genesisTime;
    this.#f64[f + F_SIZE] = s.size;
    this.#settle(entry, DONE);
  }

  /** worker (the claimer): these bytes (`digestHex`) are bad for every upstream that serves them. */
  publishFailure(entry: number, version: number, code: UpstreamErrorCode, digestHex: string, reason = ""): void {
    if (entry < 0 || Atomics.load(this.#i32, this.#w(entry, E_VERSION)) !== version) return;
    this.#u8.set(fromHex(digestHex), entry * ENTRY_BYTES + B_DIGEST);
    const at = entry * ENTRY_BYTES + B_REASON;
    const { written } = new TextEncoder().encodeInto(reason, this.#u8.subarray(at + 1, at + REASON_BYTES));
    this.#u8[at] = written;
    Atomics.store(this.#i32, this.#w(entry, E_ERROR), upstreamErrorToInt(code));
    this.#settle(entry, FAILED);
  }

  /** worker (the claimer): gave up for a reason that says nothing of the bytes. */
  release(entry: number, version: number): void {
    if (entry < 0 || Atomics.load(this.#i32, this.#w(entry, E_VERSION)) !== version) return;
    this.#settle(entry, EMPTY);
  }

  #settle(entry: number, state: number): void {
    Atomics.store(this.#i32, this.#w(entry, E_STATE), state);
    Atomics.notify(this.#i32, this.#w(entry, E_STATE));
  }

  /**
   * worker: wait (without blocking the thread) until a pending entry settles, at most
   * `timeoutMs`. Returns the settled result, or null when it timed out, was released or
   * the entry was reused: the caller then looks up (and maybe claims) again.
   */
  async waitSettled(entry: number, version: number, timeoutMs: number): Promise<CacheLookup | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (Atomics.load(this.#i32, this.#w(entry, E_VERSION)) !== version) return null;
      const state = Atomics.load(this.#i32, this.#w(entry, E_STATE));
      if (state === DONE) {
        const s = this.#readState(entry);
        return Atomics.load(this.#i32, this.#w(entry, E_VERSION)) === version ? { kind: "hit", state: s } : null;
      }
      if (state === FAILED) return this.#failedOf(entry);
      if (state === EMPTY || left <= 0) return null;
      const r = Atomics.waitAsync(this.#i32, this.#w(entry, E_STATE), CLAIMED, Math.min(left, 1000));
      if (r.async) await r.value;
    }
  }

  /** main: forget a digest (its bytes were dropped), so the next worker to meet it re-verifies and resends. */
  invalidate(digestHex: string): boolean {
    const digest = fromHex(digestHex);
    return this.#withLock(() => {
      const e = this.#find(digest);
      if (e < 0 || Atomics.load(this.#i32, this.#w(e, E_STATE)) === CLAIMED) return false;
      Atomics.add(this.#i32, this.#w(e, E_VERSION), 1);
      this.#settle(e, EMPTY);
      return true;
    });
  }

  #readState(e: number): VerifiedState {
    const b = e * ENTRY_BYTES;
    const root = (o: number) => toHex(this.#u8.subarray(b + o, b + o + ROOT_BYTES));
    const f = e * ENTRY_F64;
    const n = (i: number) => this.#f64[f + i]!;
    return {
      digest: root(B_DIGEST),
      stateRoot: root(B_STATE_ROOT),
      finalized: { slot: n(F_FINALIZED_SLOT), root: root(B_FINALIZED_ROOT) },
      stateJustified: { slot: n(F_JUSTIFIED_SLOT), root: root(B_JUSTIFIED_ROOT) },
      stateFinalized: { slot: n(F_STATE_FINALIZED_SLOT), root: root(B_STATE_FINALIZED_ROOT) },
      slot: n(F_SLOT),
      genesisTime: n(F_GENESIS_TIME),
      size: n(F_SIZE),
    };
  }
}
