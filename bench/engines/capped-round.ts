/**
 * One round of the simple baselines (naive, thread-per-upstream): every upstream polled
 * under a semaphore of `cap`, with the daemon's round deadline and no unchanged-state probe
 * (no last block digest, ETag or state: they re-download every round).
 */
import { roundBudgetMs } from "../../src/round/deadline.js";
import type { PollTask } from "../../src/model/task.js";
import type { PollOutcome } from "../../src/model/outcome.js";
import { Semaphore } from "./semaphore.js";
import type { EngineOptions, EngineRound } from "./types.js";

/** `poll` gets the task and a callback that gives its permit back early (PollContext.releaseSlot). */
export async function cappedRound(o: EngineOptions, generation: number, poll: (task: PollTask, releaseSlot: () => void) => Promise<PollOutcome>): Promise<EngineRound> {
  const startedMs = Date.now();
  const deadlineMs = startedMs + roundBudgetMs(o.urls.length, o.cap, o.timeoutMs, o.intervalMs);
  const sem = new Semaphore(o.cap);
  const outcomes = await Promise.all(
    o.urls.map((url, upstream) =>
      sem.with((releaseSlot) =>
        poll({ upstream, url, generation, deadlineMs, timeoutMs: o.timeoutMs, maxStateBytes: o.maxStateBytes,
          lastBlockDigest: null, lastBlockEtag: null, lastState: null }, releaseSlot),
      ),
    ),
  );
  return { startedMs, outcomes };
}
