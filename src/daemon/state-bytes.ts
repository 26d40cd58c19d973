/**
 * State bytes on the main thread, by digest, from the moment a worker sends them (it
 * verified a digest new to the shared digest cache) until no round needs them. A digest
 * whose bytes are dropped is dropped from the digest cache too, so that a worker meeting
 * it again verifies it and sends the bytes again. The dropped byte count is what the main
 * thread's reclaim between rounds frees (memory/policy.ts). The daemon's pipeline and the
 * bench's engines keep bytes this one way, so the bench measures what the daemon does.
 */
import { DroppedBytes, type Reclaimed } from "../memory/index.js";
import type { DigestCache } from "../shm/digest-cache.js";
import { BytesByDigest, type BytesSource } from "../store/index.js";

/**
 * The main thread's StateBytes over `digestCache`, reclaiming what it drops with the memory
 * policy's collection. `maxStates` bounds the states held (default BytesByDigest's).
 */
export function mainThreadStateBytes(digestCache: Pick<DigestCache, "invalidate">, maxStates?: number): StateBytes {
  return new StateBytes(new BytesByDigest(maxStates === undefined ? {} : { maxEntries: maxStates }), digestCache, new DroppedBytes());
}

export class StateBytes implements BytesSource {
  readonly #bytes: BytesByDigest;
  readonly #cache: Pick<DigestCache, "invalidate">;
  readonly #dropped: DroppedBytes;

  constructor(bytes: BytesByDigest, digestCache: Pick<DigestCache, "invalidate">, dropped: DroppedBytes) {
    this.#bytes = bytes;
    this.#cache = digestCache;
    this.#dropped = dropped;
  }

  get totalBytes(): number {
    return this.#bytes.totalBytes;
  }

  get(digest: string): Uint8Array | undefined {
    return this.#bytes.get(digest);
  }

  /** A worker's new state: keep it, evicting the least recently used past the cache's bounds. */
  received(digest: string, bytes: Uint8Array): void {
    const held = this.#bytes.totalBytes + bytes.byteLength;
    this.#forget(this.#bytes.put(digest, bytes));
    this.#dropped.dropped(held - this.#bytes.totalBytes);
  }

  /** Drop every digest not in `keep` (what the store holds and the round's outcomes name). */
  keepOnly(keep: Iterable<string>): void {
    const held = this.#bytes.totalBytes;
    this.#forget(this.#bytes.prune(keep));
    this.#dropped.dropped(held - this.#bytes.totalBytes);
  }

  /** The digest cache believes these bytes reached the main thread; they did not: let a worker resend them. */
  lost(digest: string): void {
    this.#cache.invalidate(digest);
  }

  /** Between rounds: free what was dropped (memory/reclaim.ts DroppedBytes); what it did, or null. */
  reclaim(): Reclaimed | null {
    return this.#dropped.reclaim();
  }

  #forget(digests: readonly string[]): void {
    for (const d of digests) this.#cache.invalidate(d);
  }
}
