/**
 * What every configuration does with the bytes of a newly verified state, as the daemon
 * does (daemon.ts `onStateBytes` + BytesByDigest, then `onRound`): keep the latest few,
 * tell the digest cache to forget a digest whose bytes were dropped, and once the round is
 * over free what was dropped (memory/dropped-bytes.ts), or else collect the main thread's
 * heap if it grew (memory/heap-upkeep.ts). The same for every configuration, so memory
 * figures compare like with like; a pool's workers get theirs from the pool (pool.ts).
 */
import type { DigestCache } from "../../src/shm/digest-cache.js";
import { HeapUpkeep } from "../../src/memory/heap-upkeep.js";
import { DroppedBytes } from "../../src/memory/dropped-bytes.js";

/** The served state and the one before it: a change round replaces one with the next. */
const KEEP = 2;

export class BytesKeeper {
  readonly #cache: DigestCache;
  readonly #kept = new Map<string, Uint8Array>();
  readonly #dropped = new DroppedBytes(undefined, new HeapUpkeep());

  constructor(cache: DigestCache) {
    this.#cache = cache;
  }

  put(digest: string, bytes: Uint8Array): void {
    this.#kept.delete(digest);
    this.#kept.set(digest, bytes);
    while (this.#kept.size > KEEP) {
      const oldest = this.#kept.keys().next().value as string;
      this.#dropped.dropped(this.#kept.get(oldest)!.byteLength);
      this.#kept.delete(oldest);
      this.#cache.invalidate(oldest);
    }
  }

  /** After a round (outside its measured window, as the daemon's pipeline runs between rounds). */
  afterRound(): void {
    this.#dropped.afterRound();
  }
}
