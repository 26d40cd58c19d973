import { test } from "node:test";
import assert from "node:assert/strict";
import { POLL_WORKER_YOUNG_GENERATION_MB, PollPool } from "../../../src/round/pool.js";
import type { PollTask } from "../../../src/model/task.js";
import { eventually } from "../../support/eventually.js";
import { testServers } from "../../support/misbehaving-servers.js";

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

test("upkeep: every worker answers; an idle one collects when its heap grew, one with a poll running does not", async (t) => {
  // Growth 0: every idle worker's heap counts as grown, so each answer says whether it collected.
  const pool = new PollPool({ upstreams: 1, workers: 2, concurrency: 1, timeoutMs: 3000, upkeepGrowthBytes: 0 });
  const servers = testServers();
  t.after(async () => {
    await pool.destroy();
    await servers.closeAll();
  });
  await eventually(() => pool.stats.threads >= 2, { timeoutMs: 10_000, message: () => `two worker threads (${pool.stats.threads})` });
  assert.deepEqual(await pool.upkeep(), { answered: 2, collected: 2 });

  const url = await servers.start("blackhole", new Uint8Array(0));
  const task: PollTask = { upstream: 0, url, generation: 1, deadlineMs: Date.now() + 1500, timeoutMs: 1500, maxStateBytes: 2 ** 20,
    lastBlockDigest: null, lastBlockEtag: null, lastState: null };
  pool.slots.dispatch(0, 1, Date.now()); // as the dispatcher does; the worker then marks the poll started
  const polling = pool.run(task);
  await eventually(() => pool.slots.read(0).startedMs > 0, { timeoutMs: 5000, intervalMs: 10, message: "the worker marked the poll started" });
  const [during, shared] = await Promise.all([pool.upkeep(), pool.upkeep()]);
  assert.deepEqual(during, { answered: 2, collected: 1 }, "the worker holding the poll left its heap alone");
  assert.equal(shared, during, "a call while one is pending shares it");
  assert.equal((await polling).ok, false);
  assert.deepEqual(await pool.upkeep(), { answered: 2, collected: 2 });
});
