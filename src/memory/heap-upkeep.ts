/**
 * Between rounds, one full collection of a thread's isolate once its heap has grown by
 * HEAP_UPKEEP_GROWTH_BYTES since the last one: the daemon's main thread and every poll
 * worker (asked through upkeep-signal.ts) run it after each round.
 *
 * Why: an unchanged round allocates little that lives, but a round keeps its polls' tasks,
 * promises and requests alive across scavenges, so they are promoted, and V8 lets a small
 * old generation fill up to its limit (~20 MB here) before it marks it. Over the bench's
 * unchanged rounds every isolate of quorumpoint did so: V8's heap pages went from 33 to
 * 65-75 MB of the process's RSS (the bench runner's /proc/self/smaps), all of it garbage,
 * collected only when the next change round's allocations forced it. A thread idle between
 * rounds can afford the pause (a few ms for these heaps) that V8 defers; inside a round it
 * would stall dispatch or a poll, hence between rounds only, and only after real growth.
 * The chunk reclaim (reclaim.ts) is the in-round counterpart for socket chunks.
 */
import { getHeapStatistics } from "node:v8";
import { fullCollection } from "./reclaim.js";

/** Heap growth since the last full collection that earns another one, between rounds. */
export const HEAP_UPKEEP_GROWTH_BYTES = 4 * 2 ** 20;

export interface HeapUpkeepOptions {
  /** A full collection of this isolate; default: reclaim.ts fullCollection (none if gc is unavailable). */
  collect?: (() => void) | null;
  growthBytes?: number;
  /** The isolate's used heap; default: v8.getHeapStatistics().used_heap_size. */
  usedBytes?: () => number;
}

export class HeapUpkeep {
  readonly #collect: (() => void) | null;
  readonly #growthBytes: number;
  readonly #usedBytes: () => number;
  #base: number;
  #collections = 0;

  constructor(o: HeapUpkeepOptions = {}) {
    this.#collect = o.collect === undefined ? fullCollection() : o.collect;
    this.#growthBytes = o.growthBytes ?? HEAP_UPKEEP_GROWTH_BYTES;
    if (!(this.#growthBytes >= 0)) throw new RangeError(`growthBytes must be >= 0, got ${this.#growthBytes}`);
    this.#usedBytes = o.usedBytes ?? (() => getHeapStatistics().used_heap_size);
    this.#base = this.#usedBytes();
  }

  /** Between rounds: collect if the heap grew enough since the last collection. True when it did. */
  collectIfGrown(): boolean {
    if (!this.#collect || this.#usedBytes() < this.#base + this.#growthBytes) return false;
    this.#collect();
    this.#collections++;
    this.rebase();
    return true;
  }

  /** The isolate was just collected by someone else (memory/dropped-bytes.ts): measure growth from here. */
  rebase(): void {
    this.#base = this.#usedBytes();
  }

  get collections(): number {
    return this.#collections;
  }
}
