/**
 * The collections quorumpoint runs itself (policy.ts says which thread runs which, and
 * why): a poll worker's minor GC every few MB received (ChunkReclaimer) and its full GC once
 * idle if its heap grew (IdleCollector); the main thread's one full GC between rounds once
 * enough state bytes were dropped or its heap grew (DroppedBytes).
 */
import { getHeapStatistics } from "node:v8";
import { MEMORY_POLICY } from "./policy.js";

/** Collect after this many body bytes received by one poll worker. */
export const RECLAIM_EVERY_BYTES = MEMORY_POLICY.pollWorker.reclaimEveryBytes;
/** Dropped state bytes that earn the main thread a full collection (half a 16 MB state). */
export const RECLAIM_AFTER_BYTES = MEMORY_POLICY.mainThread.reclaimAfterBytes;
/** Heap growth since a thread's last full collection that earns it another (main thread, and idle poll workers). */
export const HEAP_GROWTH_BYTES = MEMORY_POLICY.heapGrowthBytes;

/**
 * No argument: a full collection that frees dead ArrayBuffers before it returns.
 * `{ type: "minor" }`: the young generation only. (On Node 20 `{ type: "major" }` returns
 * at once having freed nothing; hence no argument for a full one.)
 */
export type GcFunction = (options?: { type?: "minor" }) => void;

/**
 * V8's `gc()`, present only when node was started with --expose-gc (policy.ts: the bin's
 * shebang and npm start pass it). Null otherwise: collections are a memory saving, never
 * worth a failed poll, and the daemon warns at start-up that the flag is missing.
 */
export function isolateGc(): GcFunction | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  return typeof exposed === "function" ? (exposed as GcFunction) : null;
}

/** Counts bytes received and runs `collect` each time another `everyBytes` arrived. */
export class ChunkReclaimer {
  readonly #everyBytes: number;
  readonly #collect: () => void;
  #since = 0;
  #collections = 0;

  constructor(everyBytes: number, collect: () => void) {
    if (!(everyBytes > 0)) throw new RangeError(`everyBytes must be positive, got ${everyBytes}`);
    this.#everyBytes = everyBytes;
    this.#collect = collect;
  }

  /** Report `bytes` just received (a bound function: hand it around as a callback). */
  readonly received = (bytes: number): void => {
    this.#since += bytes;
    if (this.#since < this.#everyBytes) return;
    this.#since = 0;
    this.#collections++;
    this.#collect();
  };

  /** Collections run so far. */
  get collections(): number {
    return this.#collections;
  }
}

/**
 * The reclaimer of a thread that receives state bodies (a poll worker; naive's main thread
 * under `npm run bench -- --naive-reclaim`): a minor GC every RECLAIM_EVERY_BYTES.
 */
export function pollReclaimer(gc: GcFunction | null = isolateGc()): ChunkReclaimer {
  return new ChunkReclaimer(RECLAIM_EVERY_BYTES, gc ? () => gc({ type: "minor" }) : () => {});
}

/**
 * A poll gave back `keptBytes` of body (dropped, or copied out to be transferred): a full
 * collection when that is at least the policy's `collectAfterKeptBytes` (policy.ts).
 * Returns whether it collected.
 */
export function collectAfterKeptBody(keptBytes: number, gc: GcFunction | null = isolateGc()): boolean {
  if (gc === null || keptBytes < MEMORY_POLICY.pollWorker.collectAfterKeptBytes) return false;
  gc();
  return true;
}

/** This thread's used V8 heap, in bytes. */
export const usedHeapBytes = (): number => getHeapStatistics().used_heap_size;

export interface Reclaimed {
  /** "dropped": RECLAIM_AFTER_BYTES of state bytes were dropped; "heap": the heap grew HEAP_GROWTH_BYTES. */
  why: "dropped" | "heap";
  states: number;
  bytes: number;
  /** How long the collection paused the thread. */
  ms: number;
  /** This one paused longer than the goal. */
  slow: boolean;
  /** It was the last slow one allowed: the thread collects no more (V8 frees dropped bytes at its pace). */
  stopped: boolean;
}

export interface DroppedBytesOptions {
  /** A full collection of this thread's isolate; default V8's `gc()`, nothing without --expose-gc. */
  collect?: (() => void) | null;
  /** The thread's clock, in ms; default performance.now. */
  nowMs?: () => number;
  /** The thread's used heap; default usedHeapBytes. */
  usedBytes?: () => number;
}

/**
 * Counts the state bytes the main thread dropped and, between rounds, frees them with one
 * full collection once RECLAIM_AFTER_BYTES were, or once its heap grew HEAP_GROWTH_BYTES
 * since the last (a round's promoted garbage): one pause at most between two rounds. A
 * collection pausing the thread longer
 * than the event-loop goal counts as slow; after `slowReclaimsAllowed` of them it stops.
 */
export class DroppedBytes {
  readonly #collect: (() => void) | null;
  readonly #nowMs: () => number;
  readonly #usedBytes: () => number;
  #base: number;
  #states = 0;
  #bytes = 0;
  #slow = 0;

  constructor(o: DroppedBytesOptions = {}) {
    const gc = isolateGc();
    this.#collect = o.collect === undefined ? (gc ? () => gc() : null) : o.collect;
    this.#nowMs = o.nowMs ?? (() => performance.now());
    this.#usedBytes = o.usedBytes ?? usedHeapBytes;
    this.#base = this.#usedBytes();
  }

  /** A state's bytes (`bytes` long) are no longer referenced. */
  dropped(bytes: number): void {
    if (bytes <= 0) return;
    this.#states++;
    this.#bytes += bytes;
  }

  /** Collections still allowed: false without gc, or once too many paused past the goal. */
  get active(): boolean {
    return this.#collect !== null && this.#slow < MEMORY_POLICY.mainThread.slowReclaimsAllowed;
  }

  /** Between rounds, never inside one: free what was dropped if it is enough; what it did, or null. */
  reclaim(): Reclaimed | null {
    if (!this.active) return null;
    const why = this.#bytes >= RECLAIM_AFTER_BYTES ? "dropped" : this.#usedBytes() >= this.#base + HEAP_GROWTH_BYTES ? "heap" : null;
    if (!why) return null;
    const started = this.#nowMs();
    this.#collect!();
    const ms = this.#nowMs() - started;
    const slow = ms > MEMORY_POLICY.mainThread.pauseGoalMs;
    if (slow) this.#slow++;
    this.#base = this.#usedBytes();
    const done: Reclaimed = { why, states: this.#states, bytes: this.#bytes, ms: Math.round(ms), slow, stopped: !this.active };
    this.#states = 0;
    this.#bytes = 0;
    return done;
  }
}

/**
 * A poll worker's full collection once it has gone idle (no poll running for `idleMs`) and
 * its heap grew HEAP_GROWTH_BYTES since the last one: a round's promoted tasks and requests,
 * garbage V8 keeps until the next change round forces it. The worker decides alone.
 */
export class IdleCollector {
  readonly #collect: (() => void) | null;
  readonly #usedBytes: () => number;
  readonly #idleMs: number;
  readonly #schedule: (check: () => void, ms: number) => void;
  #running = 0;
  /** Bumped by every start: a check armed before it is stale. */
  #epoch = 0;
  #base: number;
  #collections = 0;

  constructor(o: { collect?: (() => void) | null; usedBytes?: () => number; idleMs?: number; schedule?: (check: () => void, ms: number) => void } = {}) {
    const gc = isolateGc();
    this.#collect = o.collect === undefined ? (gc ? () => gc() : null) : o.collect;
    this.#usedBytes = o.usedBytes ?? usedHeapBytes;
    this.#idleMs = o.idleMs ?? MEMORY_POLICY.pollWorker.idleCollectAfterMs;
    this.#schedule = o.schedule ?? ((check, ms) => void setTimeout(check, ms).unref());
    this.#base = this.#usedBytes();
  }

  /** A poll started on this worker. */
  started(): void {
    this.#running++;
    this.#epoch++;
  }

  /** A poll ended; the last one arms the idle check. */
  ended(): void {
    if (--this.#running > 0 || !this.#collect) return;
    const epoch = this.#epoch;
    this.#schedule(() => this.#check(epoch), this.#idleMs);
  }

  #check(epoch: number): void {
    if (epoch !== this.#epoch || this.#running > 0 || this.#usedBytes() < this.#base + HEAP_GROWTH_BYTES) return;
    this.#collect!();
    this.#collections++;
    this.#base = this.#usedBytes();
  }

  get collections(): number {
    return this.#collections;
  }
}
