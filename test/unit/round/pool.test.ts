import { test } from "node:test";
import assert from "node:assert/strict";
import { POLL_WORKER_YOUNG_GENERATION_MB, PollPool } from "../../../src/round/pool.js";
import { eventually } from "../../support/eventually.js";

test("every poll worker runs with the capped young generation, not V8's default", async (t) => {
  const pool = new PollPool({ upstreams: 4, workers: 2, concurrency: 4, timeoutMs: 1000 });
  t.after(() => pool.destroy());
  // piscina starts minThreads at once; wait until both have come online and report limits.
  await eventually(() => pool.threadLimits.filter((l) => l.maxYoungGenerationSizeMb !== undefined).length >= 2, {
    timeoutMs: 10_000, message: () => `two workers online (limits so far: ${JSON.stringify(pool.threadLimits)})`,
  });
  for (const limits of pool.threadLimits) {
    // Node reports the values in effect; its default here is 48 (a main thread's sizing).
    assert.equal(limits.maxYoungGenerationSizeMb, POLL_WORKER_YOUNG_GENERATION_MB);
  }
});

test("ready() waits for every thread to load its poll code, and says so", async (t) => {
  const slow = new PollPool({ upstreams: 1, workers: 2, concurrency: 1, timeoutMs: 1000, workerFile: new URL("../../fixtures/slow-start-poll-worker.js", import.meta.url) });
  t.after(() => slow.destroy());
  assert.equal(await slow.ready(100), false, "the threads are still loading");
  assert.equal(await slow.ready(20_000), true, "both threads loaded");

  const pool = new PollPool({ upstreams: 1, workers: 2, concurrency: 1, timeoutMs: 1000 });
  assert.equal(await pool.ready(20_000), true, "the real entry says so too");
  await pool.close();
  const closed = new PollPool({ upstreams: 1, workers: 2, concurrency: 1, timeoutMs: 1000, workerFile: new URL("../../fixtures/slow-start-poll-worker.js", import.meta.url) });
  const waiting = closed.ready(20_000);
  await closed.destroy();
  assert.equal(await waiting, false, "a closed pool's wait ends");
});
