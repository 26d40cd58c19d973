/**
 * FakePool: the poll pool's facade (`PollPool`, src/round/pool.ts) without piscina or
 * threads, for tests of the main thread. Each `run` becomes a `FakePoll` the test ends
 * when and how it wants; ending one writes the real SlotTable exactly as a poll worker does
 * (workers/poll.ts): `markStarted` when it is picked up, `releaseSlot` when it waits on
 * another's verification, `finish` with the outcome's figures when it really ends. The
 * result reaches the main thread then, or `resultLagMs` later (the Atomics wake and
 * piscina's result message travel apart in a real pool).
 *
 * By default polls wait for the test (`end`, `fail`); `onRun` scripts them instead.
 */
import type { ResourceLimits } from "node:worker_threads";
import type { PollPool, PollPoolStats } from "../../src/round/pool.js";
import { DigestCache } from "../../src/shm/digest-cache.js";
import { SlotTable } from "../../src/shm/slots.js";
import { upstreamErrorToInt, type UpstreamErrorCode } from "../../src/model/errors.js";
import type { PollTask } from "../../src/model/task.js";
import type { PollOutcome, VerifiedState } from "../../src/model/outcome.js";
import { eventually } from "./eventually.js";

/** The facade's public members (its #private fields are no part of the contract). */
export type PollPoolFacade = { [K in keyof PollPool]: PollPool[K] };

export interface EndOptions {
  /** The result reaches the main thread this long after the slot table says the poll ended. */
  resultLagMs?: number;
}

/** A verified outcome of `task`, as a poll that verified `state` new to the digest cache returns it. */
export function verifiedOutcome(task: PollTask, state: VerifiedState, over: Partial<Extract<PollOutcome, { ok: true }>> = {}): PollOutcome {
  const now = Date.now();
  return {
    ok: true, upstream: task.upstream, generation: task.generation, state, justified: null, unchanged: false,
    blockDigest: null, blockEtag: null, blockNote: "not_served", blockRoot: null, bytes: state.size,
    startedMs: now, endedMs: now, stateBytes: new Uint8Array(state.size), ...over,
  };
}

/** A failed outcome of `task`. */
export function failedOutcome(task: PollTask, code: UpstreamErrorCode, message = code): PollOutcome {
  const now = Date.now();
  return { ok: false, upstream: task.upstream, generation: task.generation, code, message, bytes: 0, startedMs: now, endedMs: now };
}

/** One poll handed to the fake pool: what its worker would do, on the test's command. */
export class FakePoll {
  readonly task: PollTask;
  readonly #slots: SlotTable;
  readonly #resolve: (o: PollOutcome) => void;
  readonly #onEnd: () => void;
  #ended = false;

  constructor(slots: SlotTable, task: PollTask, resolve: (o: PollOutcome) => void, onEnd: () => void) {
    this.task = task;
    this.#slots = slots;
    this.#resolve = resolve;
    this.#onEnd = onEnd;
    slots.markStarted(task.upstream, task.generation, Date.now());
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The poll now only waits on another's verification: it gives its slot back (fetch-state.ts). */
  releaseSlot(): void {
    this.#slots.release(this.task.upstream, this.task.generation, Date.now());
  }

  /**
   * The poll really ended with `outcome`: the slot record is finished as the worker does,
   * then the result is delivered (at once, or `resultLagMs` later). Returns whether it was
   * in time (the slot table's DONE), false when the deadline had abandoned it.
   */
  end(outcome: PollOutcome, { resultLagMs }: EndOptions = {}): boolean {
    if (this.#ended) throw new Error(`the poll of upstream ${this.task.upstream} (round ${this.task.generation}) already ended`);
    this.#ended = true;
    this.#onEnd();
    const inTime = this.#slots.finish(this.task.upstream, this.task.generation, {
      nowMs: outcome.endedMs, bytes: outcome.bytes, httpStatus: 0, errorCode: outcome.ok ? 0 : upstreamErrorToInt(outcome.code),
    });
    if (resultLagMs === undefined) this.#resolve(outcome);
    else setTimeout(() => this.#resolve(outcome), resultLagMs);
    return inTime;
  }

  /** `end` with a verified state. */
  verified(state: VerifiedState, options?: EndOptions): boolean {
    return this.end(verifiedOutcome(this.task, state), options);
  }

  /** `end` with a failure. */
  fail(code: UpstreamErrorCode, options?: EndOptions): boolean {
    return this.end(failedOutcome(this.task, code), options);
  }
}

export interface FakePoolOptions {
  /** Called with each poll as the pool takes it (synchronously, inside `run`): script it here. */
  onRun?: (poll: FakePoll) => void;
}

export class FakePool implements PollPoolFacade {
  readonly slots: SlotTable;
  readonly digestCache: DigestCache;
  /** Every task the pool was handed, in order. */
  readonly tasks: PollTask[] = [];
  /** Polls taken and not yet ended, by upstream. */
  readonly #running = new Map<number, FakePoll>();
  readonly #onRun: ((poll: FakePoll) => void) | undefined;
  #completed = 0;
  #closed = false;

  constructor(upstreams: number, { onRun }: FakePoolOptions = {}) {
    this.slots = SlotTable.create(upstreams);
    this.digestCache = DigestCache.create();
    this.#onRun = onRun;
  }

  /** Its "threads" have no code to load. */
  ready(): Promise<boolean> {
    return Promise.resolve(true);
  }

  run(task: PollTask): Promise<PollOutcome> {
    if (this.#closed) return Promise.reject(new Error("poll pool is closed"));
    this.tasks.push(task);
    return new Promise<PollOutcome>((resolve) => {
      const poll = new FakePoll(this.slots, task, resolve, () => {
        if (this.#running.get(task.upstream) === poll) this.#running.delete(task.upstream);
      });
      this.#running.set(task.upstream, poll);
      this.#onRun?.(poll);
    }).finally(() => void this.#completed++);
  }

  /** The running poll of upstream `u` (taken, not ended); throws when there is none. */
  poll(u: number): FakePoll {
    const p = this.#running.get(u);
    if (!p) throw new Error(`no poll of upstream ${u} is running (running: ${[...this.#running.keys()]})`);
    return p;
  }

  isRunning(u: number): boolean {
    return this.#running.has(u);
  }

  /** Resolves once the pool holds a running poll of each of `us`. */
  async dispatched(...us: number[]): Promise<void> {
    await eventually(() => us.every((u) => this.#running.has(u)), {
      timeoutMs: 5000, intervalMs: 1, message: () => `polls of ${us} dispatched (running: ${[...this.#running.keys()]})`,
    });
  }

  /**
   * No workers to collect: every (zero) thread answered. Typed here, not imported: the
   * between-rounds upkeep is leaving the facade; drop this with it.
   */
  upkeep(): Promise<{ answered: number; collected: number }> {
    return Promise.resolve({ answered: 0, collected: 0 });
  }

  get stats(): PollPoolStats {
    return { threads: 0, queueSize: 0, utilization: 0, completed: this.#completed };
  }

  get threadLimits(): ResourceLimits[] {
    return [];
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  async destroy(): Promise<void> {
    this.#closed = true;
  }
}
