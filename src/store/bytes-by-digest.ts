/**
 * State bytes by content address, on the main thread.
 *
 * A worker sends a state's bytes only the first time the shared digest cache sees that
 * digest, possibly in an earlier round or in a poll whose round result was dropped as
 * late. So bytes must outlive the round that brought them, until a quorum picks their
 * digest or nobody refers to it any more. Stored arrays are kept as given (they were
 * transferred to us, nobody else holds them): callers must not mutate or transfer them.
 */
import { ConfigError } from "../model/errors.js";

/** What `StateStore.apply` needs: `Map<string, Uint8Array>` fits too. */
export interface BytesSource {
  get(digest: string): Uint8Array | undefined;
}

export interface BytesCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
}

/**
 * A round normally holds one to three distinct finalized states (the current one, a
 * lagging one, a fork). Sixteen leaves room for a badly split network without letting
 * 64 forked upstreams pin 64 states.
 */
export const DEFAULT_BYTES_CACHE_MAX_ENTRIES = 16;
/** 16 states at the ~16 MB of a long-lived devnet. */
export const DEFAULT_BYTES_CACHE_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Bounded by entry count and by total bytes, whichever bites first; past either, `put`
 * evicts the least recently used entries (put and get both count as use), never the one
 * being put, so one state larger than `maxBytes` is still held, alone. Evicted digests are
 * returned so the daemon can make the workers forget them too (else the bytes of an
 * evicted digest that later wins never come back, and the store reports missing-bytes).
 */
export class BytesByDigest implements BytesSource {
  readonly maxEntries: number;
  readonly maxBytes: number;
  // A Map iterates in insertion order; re-inserting on use makes the first key the LRU.
  #entries = new Map<string, Uint8Array>();
  #totalBytes = 0;

  constructor(options: BytesCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_BYTES_CACHE_MAX_ENTRIES;
    this.maxBytes = options.maxBytes ?? DEFAULT_BYTES_CACHE_MAX_BYTES;
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new ConfigError("bytes cache maxEntries", this.maxEntries, "must be an integer >= 1");
    }
    if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes < 1) {
      throw new ConfigError("bytes cache maxBytes", this.maxBytes, "must be an integer >= 1");
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  get totalBytes(): number {
    return this.#totalBytes;
  }

  has(digest: string): boolean {
    return this.#entries.has(digest);
  }

  /** Store bytes under their digest (replacing any held) and return the digests evicted. */
  put(digest: string, bytes: Uint8Array): string[] {
    this.#delete(digest);
    this.#entries.set(digest, bytes);
    this.#totalBytes += bytes.byteLength;
    const evicted: string[] = [];
    for (const old of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries && this.#totalBytes <= this.maxBytes) break;
      if (old === digest) continue;
      this.#delete(old);
      evicted.push(old);
    }
    return evicted;
  }

  get(digest: string): Uint8Array | undefined {
    const bytes = this.#entries.get(digest);
    if (bytes !== undefined) {
      this.#entries.delete(digest);
      this.#entries.set(digest, bytes);
    }
    return bytes;
  }

  /**
   * Drop every entry whose digest is not in `keep` and return the dropped digests. The
   * daemon calls this once a round with the digests of recent outcomes plus
   * `StateStore.digests()`.
   */
  prune(keep: Iterable<string>): string[] {
    const keepSet = keep instanceof Set ? (keep as Set<string>) : new Set(keep);
    const dropped: string[] = [];
    for (const digest of [...this.#entries.keys()]) {
      if (keepSet.has(digest)) continue;
      this.#delete(digest);
      dropped.push(digest);
    }
    return dropped;
  }

  #delete(digest: string): void {
    const bytes = this.#entries.get(digest);
    if (bytes === undefined) return;
    this.#entries.delete(digest);
    this.#totalBytes -= bytes.byteLength;
  }
}
