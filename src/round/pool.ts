/**
 * PollPool: the facade over the piscina pool of poll workers. piscina, the slot table and
 * the digest cache stay private; callers get `run`, `upkeep` (between rounds), `close`,
 * `destroy`, read-only stats and the threads' V8 limits.
 */
import type { ResourceLimits } from "node:worker_threads";
import { Piscina } from "piscina";
import { DigestCache } from "../shm/digest-cache.js";
import { HEAP_UPKEEP_GROWTH_BYTES } from "../memory/heap-upkeep.js";
import { phasesFor } from "../model/phases.js";
import { SlotTable } from "../shm/slots.js";
import type { PollTask, PollWorkerData } from "../model/task.js";
import type { PollOutcome } from "../model/outcome.js";
import { UpkeepSignal, type UpkeepAnswers } from "../shm/upkeep-signal.js";

export interface PollPoolOptions {
  upstreams: number;
  /** OS threads (the daemon passes --workers; its default is config/settings.ts `defaultWorkers`). */
  workers: number;
  /** Polls in flight at once (the slot cap); each worker may run all of them (async I/O). */
  concurrency: number;
  timeoutMs: number;
  /** Heap growth that earns a worker a full collection between rounds (default HEAP_UPKEEP_GROWTH_BYTES). */
  upkeepGrowthBytes?: number;
  /** The worker entry (default workers/poll.js); tests pass one that wraps it to inject faults. */
  workerFile?: string | URL;
}

export interface PollPoolStats {
  threads: number;
  queueSize: number;
  utilization: number;
  completed: number;
}

const WORKER_FILE = new URL("../../workers/poll.js", import.meta.url).href;

/**
 * Each poll worker's young generation, in MB (V8 splits it in thirds: 1 MB semi-spaces).
 * Why: V8 sizes a worker's young generation like a main thread's, up to 48 MB here, and
 * a poll worker grew its semi-spaces to ~8 MB of resident pages it never needed: the
 * chunk reclaim (reclaim.ts) scavenges every few MB received, and each scavenge finds
 * ~0.1 MB of live objects. At 3 MB each worker's new space held 2.0 MB instead of 7.6-7.9
 * (`v8.getHeapSpaceStatistics()` in both workers over three 64 x 16 MB change rounds), with
 * the same ~500 scavenges, each 0.2 ms instead of 0.4-0.7.
 */
export const POLL_WORKER_YOUNG_GENERATION_MB = 3;

/** How long `upkeep` waits for the workers' answers: a worker busy with a late poll answers when its loop turns. */
export const UPKEEP_TIMEOUT_MS = 1000;

export class PollPool {
  readonly slots: SlotTable;
  readonly digestCache: DigestCache;
  #piscina: Piscina;
  readonly #upkeep = new UpkeepSignal();
  #upkeeping: Promise<UpkeepAnswers> | null = null;
  #closed = false;

  constructor(o: PollPoolOptions) {
    this.slots = SlotTable.create(o.upstreams);
    this.digestCache = DigestCache.create();
    const workerData: PollWorkerData = {
      slots: this.slots.buffer,
      upstreams: o.upstreams,
      digestCache: this.digestCache.buffer,
      digestCacheCapacity: this.digestCache.capacity,
      phases: phasesFor(o.timeoutMs),
      upkeep: this.#upkeep.buffer,
      upkeepGrowthBytes: o.upkeepGrowthBytes ?? HEAP_UPKEEP_GROWTH_BYTES,
    };
    this.#piscina = new Piscina({
      filename: o.workerFile === undefined ? WORKER_FILE : String(o.workerFile),
      minThreads: o.workers,
      maxThreads: o.workers,
      // The slot table is the admission control: piscina must never queue behind it, so
      // one worker may hold every poll in flight (they are mostly waiting on sockets), and
      // every upstream's, since a poll waiting on another's verification gives its slot back.
      concurrentTasksPerWorker: Math.max(1, o.concurrency, o.upstreams),
      idleTimeout: Infinity,
      // Workers own sockets and async work: never park them in a blocking Atomics.wait.
      atomics: "disabled",
      resourceLimits: { maxYoungGenerationSizeMb: POLL_WORKER_YOUNG_GENERATION_MB },
      workerData,
    });
  }

  run(task: PollTask): Promise<PollOutcome> {
    if (this.#closed) return Promise.reject(new Error("poll pool is closed"));
    return this.#piscina.run(task) as Promise<PollOutcome>;
  }

  /**
   * Between rounds: each worker with no poll running collects its heap if it grew enough
   * (heap-upkeep.ts). Resolves once every thread answered (or after UPKEEP_TIMEOUT_MS);
   * a call while one is pending shares it.
   */
  upkeep(): Promise<UpkeepAnswers> {
    if (this.#closed) return Promise.resolve({ answered: 0, collected: 0 });
    this.#upkeeping ??= this.#upkeep.request(this.#piscina.threads.length, UPKEEP_TIMEOUT_MS).finally(() => (this.#upkeeping = null));
    return this.#upkeeping;
  }

  get stats(): PollPoolStats {
    const p = this.#piscina;
    return { threads: p.threads.length, queueSize: p.queueSize, utilization: p.utilization, completed: p.completed };
  }

  /** The V8 limits each worker thread runs with, as node reports them (one entry per thread). */
  get threadLimits(): ResourceLimits[] {
    return this.#piscina.threads.map((w) => w.resourceLimits ?? {});
  }

  /** Wait for running polls (each bounded by its budget), then stop the threads. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#piscina.close();
  }

  /** Stop now: running polls are dropped. Idempotent. */
  async destroy(): Promise<void> {
    this.#closed = true;
    await this.#piscina.destroy();
  }
}
