/**
 * State bytes on the main thread, by digest, from the moment a worker sends them (it
 * verified a digest new to the shared digest cache) until no round needs them. A digest
 * whose bytes are dropped is dropped from the digest cache too, so that a worker meeting
 * it again verifies it and sends the bytes again. The dropped byte count is handed to the
 * memory upkeep between rounds. The daemon's pipeline and the bench's engines keep bytes
 * this one way, so the bench measures what the daemon does.
 */
import type { DroppedBytes } from "../memory/index.js";
import type { DigestCache } from "../shm/digest-cache.js";
import type { BytesByDigest, BytesSource } from "../store/index.js";

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

  /** Between rounds: free what was dropped (memory/dropped-bytes.ts); what it did, or null. */
  upkeep(): ReturnType<DroppedBytes["afterRound"]> {
    return this.#dropped.afterRound();
  }

  #forget(digests: readonly string[]): void {
    for (const d of digests) this.#cache.invalidate(d);
  }
}
