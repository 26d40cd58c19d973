/**
 * Free the bytes of dropped states now, not rounds later: one full GC of the main thread.
 *
 * Why: a verified state's bytes are transferred to the main thread, which holds them until
 * the store drops them. A dropped body is garbage in the main isolate's old generation, and
 * the main thread allocates little, so V8 collects it late: it counts the body as external
 * memory and waits for ~64 MB of it. Measured in `npm run bench` (quorumpoint, 64 x 16 MB,
 * 15 change rounds, the runner's `process.memoryUsage().external` after each round): the main
 * thread carried 2, 3, 4, 5 bodies, then 2 again after V8's own collection, so up to three
 * dropped 16 MB states beside the two kept; the process's RSS went up and down with them (up
 * to 299 MB over 25 rounds). A thread that allocates a lot (naive's, which also receives
 * every socket chunk) collects often and never carries them long.
 *
 * How: V8's `gc()` with no argument, a full collection that frees dead ArrayBuffers' memory
 * before it returns. On Node 20, `gc({ type: "major" })` took 0.4 ms and freed none of them
 * (measured); hence no argument. It pauses the main thread (16-26 ms on the bench's, 25-60
 * ms in a daemon serving its embedded devnet of 16 MB states: README), so it runs after a
 * round, never inside one, and only once RELEASE_AFTER_BYTES were dropped: at each finality
 * change for states of 8 MiB or more, every few changes for smaller ones, whose dead bytes
 * weigh less than the pause.
 */
import type { HeapUpkeep } from "./heap-upkeep.js";
import { fullCollection } from "./reclaim.js";

/**
 * Dropped state bytes left to V8's own pace, at most. Half a 16 MB state: a state of "16 MB"
 * may be a few bytes short of 16 MiB (the bench's devnet serves 16,777,198 bytes), and each
 * of its drops must still be freed at once.
 */
export const RELEASE_AFTER_BYTES = 8 * 2 ** 20;

/** A function that frees dropped state bytes at once, or does nothing should gc be unavailable. */
export function bytesReleaser(): () => void {
  return fullCollection() ?? (() => {});
}

export interface Released {
  /** "dropped": RELEASE_AFTER_BYTES of state bytes were dropped; "heap": the heap grew (`heap` below). */
  why: "dropped" | "heap";
  states: number;
  bytes: number;
  ms: number;
}

/**
 * Counts the state bytes a thread dropped and frees them once RELEASE_AFTER_BYTES were.
 * Given the thread's HeapUpkeep (memory/heap-upkeep.ts), a round that releases nothing
 * collects instead if the heap grew enough: one pause at most between two rounds.
 */
export class DroppedBytes {
  readonly #release: () => void;
  readonly #heap: HeapUpkeep | null;
  #states = 0;
  #bytes = 0;

  constructor(release: () => void = bytesReleaser(), heap: HeapUpkeep | null = null) {
    this.#release = release;
    this.#heap = heap;
  }

  /** A state's bytes (`bytes` long) are no longer referenced. */
  dropped(bytes: number): void {
    if (bytes <= 0) return;
    this.#states++;
    this.#bytes += bytes;
  }

  /** Between rounds: free what was dropped if it is enough; what was freed, or null. */
  afterRound(): Released | null {
    const started = performance.now();
    const ms = (): number => Math.round(performance.now() - started);
    if (this.#bytes < RELEASE_AFTER_BYTES) {
      return this.#heap?.collectIfGrown() ? { why: "heap", states: 0, bytes: 0, ms: ms() } : null;
    }
    this.#release();
    this.#heap?.rebase();
    const released: Released = { why: "dropped", states: this.#states, bytes: this.#bytes, ms: ms() };
    this.#states = 0;
    this.#bytes = 0;
    return released;
  }
}
