/**
 * The two collections quorumpoint runs itself (policy.ts says which thread runs which, and
 * why): a poll worker's minor GC every few MB received (ChunkReclaimer), and the main
 * thread's full GC between rounds once enough state bytes were dropped (DroppedBytes).
 */
import { MEMORY_POLICY } from "./policy.js";

/** Collect after this many body bytes received by one poll worker. */
export const RECLAIM_EVERY_BYTES = MEMORY_POLICY.pollWorker.reclaimEveryBytes;
/** Dropped state bytes that earn the main thread a full collection (half a 16 MB state). */
export const RECLAIM_AFTER_BYTES = MEMORY_POLICY.mainThread.reclaimAfterBytes;

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

export interface Reclaimed {
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
}

/**
 * Counts the state bytes the main thread dropped and, between rounds, frees them with one
 * full collection once RECLAIM_AFTER_BYTES were. A collection pausing the thread longer
 * than the event-loop goal counts as slow; after `slowReclaimsAllowed` of them it stops.
 */
export class DroppedBytes {
  readonly #collect: (() => void) | null;
  readonly #nowMs: () => number;
  #states = 0;
  #bytes = 0;
  #slow = 0;

  constructor(o: DroppedBytesOptions = {}) {
    const gc = isolateGc();
    this.#collect = o.collect === undefined ? (gc ? () => gc() : null) : o.collect;
    this.#nowMs = o.nowMs ?? (() => performance.now());
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
    if (this.#bytes < RECLAIM_AFTER_BYTES || !this.active) return null;
    const started = this.#nowMs();
    this.#collect!();
    const ms = this.#nowMs() - started;
    const slow = ms > MEMORY_POLICY.mainThread.pauseGoalMs;
    if (slow) this.#slow++;
    const done: Reclaimed = { states: this.#states, bytes: this.#bytes, ms: Math.round(ms), slow, stopped: !this.active };
    this.#states = 0;
    this.#bytes = 0;
    return done;
  }
}
