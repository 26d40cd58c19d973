/**
 * Piscina worker entry for polls. Thin: wraps the shared buffers, builds this thread's own
 * undici Agent once, runs `pollUpstream` (reclaiming its socket chunks as they arrive and
 * its heap once idle: memory/policy.ts), records the outcome in the slot table and returns
 * it, transferring the state bytes (never copying them) when this poll verified a new state.
 */
import { setMaxListeners } from "node:events";
import { workerData } from "node:worker_threads";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { upstreamErrorToInt } from "../src/model/errors.js";
import { BodyBudget } from "../src/shm/body-budget.js";
import { DigestCache } from "../src/shm/digest-cache.js";
import { PollBodyHold } from "../src/worker/body-hold.js";
import { createAgent } from "../src/worker/http-get.js";
import { MerkleChannel } from "../src/worker/merkle-channel.js";
import { pollUpstream } from "../src/worker/poll-upstream.js";
import { IdleCollector, collectAfterKeptBody, pollReclaimer } from "../src/memory/reclaim.js";
import { SlotTable } from "../src/shm/slots.js";
import type { PollTask, PollWorkerData } from "../src/model/task.js";
import type { PollOutcome } from "../src/model/outcome.js";

const data = workerData as PollWorkerData;
const slots = new SlotTable(data.slots, data.upstreams);
const cache = new DigestCache(data.digestCache, data.digestCacheCapacity);
const bodyBudget = new BodyBudget(data.bodyBudget, data.bodyBudgetBytes);
const agent = createAgent(data.phases);
// One big state's hashing is shared with this pool's other workers.
const merkle = new MerkleChannel(data.merkleChannel);
// Frees this isolate's dead socket chunks every few MB received, not every tens of MB.
const reclaimer = pollReclaimer();
// Once no poll ran for a moment (its round over), a full collection if the heap grew.
const idle = new IdleCollector();
const shutdown = new AbortController();
// Every poll in flight on this worker (up to the slot cap) listens for shutdown while it
// runs and removes its listener when it ends (worker/budget.ts): many listeners, no leak.
setMaxListeners(0, shutdown.signal);
process.once("beforeExit", () => {
  shutdown.abort();
  merkle.close();
});
// The daemon's first round waits for this, so no upstream's first poll pays for loading the code.
slots.markReady();

export default async function poll(task: PollTask): Promise<unknown> {
  const startedMs = Date.now();
  slots.markStarted(task.upstream, task.generation, startedMs);
  idle.started();
  let outcome: PollOutcome;
  const hold = new PollBodyHold(bodyBudget, collectAfterKeptBody);
  try {
    const releaseSlot = () => slots.release(task.upstream, task.generation, Date.now());
    const ctx = { agent, cache, shutdown: shutdown.signal, releaseSlot, received: reclaimer.received, budget: hold, shareWork: merkle.announce };
    // The beacon chain's code (and its SSZ types) loads only in a beacon daemon's workers.
    outcome = task.beacon ? await (await import("../src/worker/beacon/poll-beacon.js")).pollBeacon(task, ctx, startedMs) : await pollUpstream(task, ctx, startedMs);
  } catch (e) {
    // A bug, not an upstream fault: still end the poll cleanly so the slot frees.
    outcome = { ok: false, upstream: task.upstream, generation: task.generation, code: "internal",
      message: `poll crashed: ${(e as Error)?.message ?? String(e)}`, bytes: 0, startedMs, endedMs: Date.now() };
  }
  hold.releaseAll(); // the body is dropped, or transferred to the main thread, which bounds what it holds
  idle.ended();
  slots.finish(task.upstream, task.generation, {
    nowMs: outcome.endedMs,
    bytes: outcome.bytes,
    httpStatus: 0,
    errorCode: outcome.ok ? 0 : upstreamErrorToInt(outcome.code),
  });
  const bytes = outcome.ok ? outcome.stateBytes : undefined;
  // A shared body is not moved: the structured clone shares it.
  if (!bytes || bytes.buffer instanceof SharedArrayBuffer) return outcome;
  return move({
    get [transferableSymbol]() {
      return bytes.buffer;
    },
    get [valueSymbol]() {
      return outcome;
    },
  });
}
