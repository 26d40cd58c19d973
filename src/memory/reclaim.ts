/**
 * Prompt reclaim of a poll worker's dead socket chunks: a minor GC every few MB received.
 *
 * Why: every 64 KiB socket read is its own malloc'd ArrayBuffer, dead as soon as it is
 * hashed or copied. V8 frees them only when it collects, and it collects late: it counts
 * them as external memory and waits for tens of MB of them. A process with one isolate
 * (naive) pays that slack once; a pool pays it once per worker, and it was most of the
 * ~100 MB each worker added to the peak RSS (README, Benchmark). A scavenge of a poll
 * worker's young generation (almost nothing in it survives) frees every chunk that died
 * since the last one, so collecting every RECLAIM_EVERY_BYTES bounds the slack to about
 * that much. Measured on the bench's 64 x 16 MB change rounds, 2 workers (`npm run bench
 * -- --nodes 64 --workloads healthy --configs naive,quorumpoint --steady-rounds 0 --rounds
 * 5`): the first reclaim, every 4 MB, took the peak RSS from 330-347 to 202-241 MB.
 *
 * Why 2 MiB: once the workers' young generation was capped (pool.ts) the interval was
 * measured again, three alternating runs of each (2026-11-24 00:53-01:02): quorumpoint's
 * peak RSS was 185, 187 and 184 MB every 4 MiB, 175, 177 and 174 every 2 MiB, 172, 171 and
 * 178 every 1 MiB, round times within the machine's spread. A scavenge costs ~0.15 ms
 * whatever it frees (`--trace-gc-nvp` in the runner at 1 MiB: 0.15 ms on average, 0.01
 * of it freeing the chunks), so a worker receiving its ~512 MiB of a change round spends
 * ~19 ms on them every 4 MiB, ~38 every 2 MiB and ~77 every 1 MiB: 2 MiB keeps nearly all
 * of the saving for half of what 1 MiB costs.
 *
 * Workers only: the daemon's main thread receives no socket chunks, only each verified
 * body whole (memory/dropped-bytes.ts frees those it drops). A single-isolate
 * poller gains from it too (the bench's naive does with --naive-reclaim), but less than
 * a pool: it paid the slack once.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Collect after this many body bytes received by one worker. */
export const RECLAIM_EVERY_BYTES = 2 * 2 ** 20;

/**
 * No argument: a full collection that frees dead ArrayBuffers before it returns.
 * `{ type: "minor" }`: the young generation only. (`{ type: "major" }` is left out: on
 * Node 20 it returned in 0.4 ms having freed no dead buffer; memory/dropped-bytes.ts.)
 */
export type GcFunction = (options?: { type?: "minor" }) => void;

/**
 * V8's `gc()` for the calling thread's isolate, whether or not node was started with
 * --expose-gc: set the flag, then make one context, which has it. Unlike
 * --single-threaded-gc (v8-gc.ts), --expose-gc only decides what a new context's global
 * holds, so setting it at run time is safe (the usual way to reach gc() without the flag).
 * It stays set: V8's flags are process-wide, and with workers starting together one
 * turning it off again made another's context lack gc (seen in `npm run bench`). So
 * contexts made later, in any thread, have a `gc` global too; nothing here uses theirs.
 * Null should a future node refuse: reclaim is a memory saving, never worth a failed poll.
 */
export function isolateGc(): GcFunction | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") return exposed as GcFunction;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as GcFunction) : null;
  } catch {
    return null;
  }
}

/**
 * A full collection of the calling thread's isolate (V8's `gc()` with no argument, which
 * frees dead ArrayBuffers before it returns), or null should gc be unavailable. The one
 * collection memory/dropped-bytes.ts and heap-upkeep.ts run between rounds.
 */
export function fullCollection(): (() => void) | null {
  const gc = isolateGc();
  return gc ? () => gc() : null;
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
 * under `npm run bench -- --naive-reclaim`): a minor GC of its isolate every RECLAIM_EVERY_BYTES.
 */
export function pollReclaimer(): ChunkReclaimer {
  const gc = isolateGc();
  return new ChunkReclaimer(RECLAIM_EVERY_BYTES, gc ? () => gc({ type: "minor" }) : () => {});
}
