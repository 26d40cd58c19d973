/**
 * The thread of configuration 2 (thread-per-upstream): started for one poll, it builds
 * its own undici Agent, runs the same `pollUpstream` as the pool's workers against the
 * shared digest cache, posts the outcome (state bytes transferred) and is torn down.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DigestCache } from "../../src/shm/digest-cache.js";
import { createAgent } from "../../src/worker/http-get.js";
import { pollUpstream } from "../../src/worker/poll-upstream.js";
import type { AgentPhases } from "../../src/model/phases.js";
import type { PollTask } from "../../src/model/task.js";

export interface ThreadPollData {
  task: PollTask;
  digestCache: SharedArrayBuffer;
  digestCacheCapacity: number;
  phases: AgentPhases;
}

const data = workerData as ThreadPollData;
const agent = createAgent(data.phases);
const cache = new DigestCache(data.digestCache, data.digestCacheCapacity);
const outcome = await pollUpstream(data.task, { agent, cache, shutdown: new AbortController().signal });
const bytes = outcome.ok ? outcome.stateBytes : undefined;
parentPort!.postMessage(outcome, bytes ? [bytes.buffer as ArrayBuffer] : []);
