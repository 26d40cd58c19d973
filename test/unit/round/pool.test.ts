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
