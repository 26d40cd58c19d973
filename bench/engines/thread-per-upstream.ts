/**
 * Configuration 2, thread-per-upstream (the Zig original's first design): every round
 * starts a new `worker_threads.Worker` per upstream, which polls that one upstream and is
 * torn down after. Same poll, same shared digest cache, same cap (a semaphore on the
 * threads alive at once) and same round deadline as the others; like naive, no
 * unchanged-state probe (the original had none). What it pays for is the thread start-up
 * (a fresh V8 isolate, module loading, a new Agent and new sockets) on every poll.
 */
import { Worker } from "node:worker_threads";
import type { UpstreamErrorCode } from "../../src/model/errors.js";
import { DigestCache } from "../../src/shm/digest-cache.js";
import { phasesFor } from "../../src/model/phases.js";
import type { PollTask } from "../../src/model/task.js";
import type { PollOutcome } from "../../src/model/outcome.js";
import { benchStateBytes } from "./bytes-keeper.js";
import { cappedRound } from "./capped-round.js";
import type { ThreadPollData } from "./tpu-worker.js";
import type { Engine, EngineOptions, EngineRound } from "./types.js";

const WORKER_URL = new URL("./tpu-worker.js", import.meta.url);

export class ThreadPerUpstreamEngine implements Engine {
  readonly #o: EngineOptions;
  readonly #cache = DigestCache.create();
  readonly #bytes = benchStateBytes(this.#cache);
  readonly #alive = new Set<Worker>();
  #round = 0;

  constructor(o: EngineOptions) {
    this.#o = o;
  }

  async runRound(): Promise<EngineRound> {
    return cappedRound(this.#o, ++this.#round, (task) =>
      Date.now() >= task.deadlineMs ? Promise.resolve(failure(task, "timeout", "not started before the round deadline")) : this.#pollInThread(task));
  }

  #pollInThread(task: PollTask): Promise<PollOutcome> {
    const workerData: ThreadPollData = {
      task, digestCache: this.#cache.buffer, digestCacheCapacity: this.#cache.capacity, phases: phasesFor(this.#o.timeoutMs),
    };
    const worker = new Worker(WORKER_URL, { workerData });
    this.#alive.add(worker);
    return new Promise<PollOutcome>((resolve) => {
      let settled = false;
      const settle = (out: PollOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#alive.delete(worker);
        // Torn down after its one poll (its keep-alive sockets would hold it open).
        void worker.terminate();
        resolve(out);
      };
      // The poll's own budget ends it by the deadline; this only catches a thread that does not.
      const timer = setTimeout(() => settle(failure(task, "timeout", "abandoned at the round deadline")), Math.max(0, task.deadlineMs - Date.now()) + 250);
      worker.once("message", (out: PollOutcome) => {
        if (out.ok && out.stateBytes) {
          this.#bytes.received(out.state.digest, out.stateBytes);
          delete out.stateBytes;
        }
        settle(out);
      });
      worker.once("error", (e) => settle(failure(task, "internal", `poll thread failed: ${e.message}`)));
      worker.once("exit", (code) => settle(failure(task, "internal", `poll thread exited (code ${code}) without a result`)));
    });
  }

  /** Every thread of a round has been torn down when runRound resolves: only the bytes it dropped are left to free. */
  async settle(): Promise<void> {
    this.#bytes.reclaim();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#alive].map((w) => w.terminate()));
  }
}

function failure(task: PollTask, code: UpstreamErrorCode, message: string): PollOutcome {
  const now = Date.now();
  return { ok: false, upstream: task.upstream, generation: task.generation, code, message, bytes: 0, startedMs: now, endedMs: now };
}
