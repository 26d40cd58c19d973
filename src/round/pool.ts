/**
 * PollPool: the facade over the piscina pool of poll workers. piscina, the slot table and
 * the digest cache stay private; callers get `run`, `close`, `destroy`, read-only stats and
 * the threads' V8 limits.
 */
import type { ResourceLimits } from "node:worker_threads";
import { Piscina } from "piscina";
import { DigestCache } from "../shm/digest-cache.js";
import { MEMORY_POLICY } from "../memory/policy.js";
import { phasesFor } from "../model/phases.js";
import { SlotTable } from "../shm/slots.js";
import type { PollTask, PollWorkerData } from "../model/task.js";
import { BodyBudget } from "../shm/body-budget.js";

/** Two 64 MiB states (the default --max-state-bytes) at once; healthy rounds keep one body per distinct state. */
export const DEFAULT_MAX_INFLIGHT_BYTES = 128 * 2 ** 20;
import type { PollOutcome } from "../model/outcome.js";

export interface PollPoolOptions {
  upstreams: number;
  /** OS threads (the daemon passes --workers; its default is config/settings.ts `defaultWorkers`). */
  workers: number;
  /** Polls in flight at once (the slot cap); each worker may run all of them (async I/O). */
  concurrency: number;
  timeoutMs: number;
  /** --max-inflight-bytes: body bytes all workers together may hold (default DEFAULT_MAX_INFLIGHT_BYTES). */
  maxInflightBytes?: number;
  /** The worker entry (default workers/poll.js); tests pass one that wraps it to inject faults. */
  workerFile?: string | URL;
}

export interface PollPoolStats {
  threads: number;
  queueSize: number;
  utilization: number;
  completed: number;
}

// A CommonJS shim that import()s workers/poll.js: piscina would otherwise require() the ES module (poll-entry.cts says why).
const WORKER_FILE = new URL("../../workers/poll-entry.cjs", import.meta.url).href;

/** Each poll worker's young generation, in MB (memory/policy.ts: the chunk reclaim keeps it nearly empty). */
export const POLL_WORKER_YOUNG_GENERATION_MB = MEMORY_POLICY.pollWorker.youngGenerationMb;

type WorkerData = PollWorkerData;

/** The name of a pool's BroadcastChannel for shared hashing (worker/merkle-channel.ts): no other pool in this process uses it. */
export function merkleChannelName(): string {
  return `quorumpoint.merkle.${process.pid}.${++pools}.${Math.random().toString(36).slice(2, 10)}`;
}
let pools = 0;

export class PollPool {
  readonly slots: SlotTable;
  readonly digestCache: DigestCache;
  #piscina: Piscina;
  readonly #workers: number;
  #closed = false;

  constructor(o: PollPoolOptions) {
    this.slots = SlotTable.create(o.upstreams);
    this.#workers = o.workers;
    this.digestCache = DigestCache.create();
    const workerData: WorkerData = {
      slots: this.slots.buffer,
      upstreams: o.upstreams,
      digestCache: this.digestCache.buffer,
      digestCacheCapacity: this.digestCache.capacity,
      phases: phasesFor(o.timeoutMs),
      bodyBudget: BodyBudget.create(o.maxInflightBytes ?? DEFAULT_MAX_INFLIGHT_BYTES).buffer,
      bodyBudgetBytes: o.maxInflightBytes ?? DEFAULT_MAX_INFLIGHT_BYTES,
      merkleChannel: merkleChannelName(),
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

  /** True once every thread has loaded its poll code; false if `timeoutMs` passed first, or the pool closed. */
  ready(timeoutMs: number): Promise<boolean> {
    return this.slots.waitReady(this.#workers, timeoutMs, () => this.#closed);
  }

  run(task: PollTask): Promise<PollOutcome> {
    if (this.#closed) return Promise.reject(new Error("poll pool is closed"));
    return this.#piscina.run(task) as Promise<PollOutcome>;
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
