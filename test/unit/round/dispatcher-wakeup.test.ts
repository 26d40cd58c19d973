import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { lanesForPool } from "../../../src/balance/index.js";
import { Dispatcher } from "../../../src/round/dispatcher.js";
import { FakePool } from "../../support/fake-pool.js";

/**
 * A pool whose worker gives the slot back (the shared IN_FLIGHT counter, with its notify)
 * at once, and whose result reaches the main thread `resultLagMs` later: the order a real
 * pool can take, since the Atomics wake and piscina's result message travel apart.
 */
const laggingPool = (n: number, resultLagMs: number) =>
  new FakePool(n, { onRun: (poll) => setImmediate(() => poll.fail("http_503", { resultLagMs })) });

/** One round over `n` upstreams on the real lane scheduler, `concurrency` slots, a 2 s deadline. */
async function laneRound(pool: FakePool, n: number, concurrency: number) {
  const scheduler = lanesForPool(n, { pollConcurrency: concurrency, timeoutMs: 1000, pollIntervalMs: 2000, balance: true });
  const upstreams = Array.from({ length: n }, (_, i) => ({ name: `u${i}`, url: `http://127.0.0.1:${i + 1}` }));
  const d = new Dispatcher(upstreams, { concurrency, timeoutMs: 1000, intervalMs: 2000, maxStateBytes: 100 },
    { pool, scheduler, logger: pino({ level: "silent" }) });
  // Atomics.waitAsync holds no ref on the event loop; a daemon's server and pool do.
  const alive = setInterval(() => {}, 1000);
  return d.runRound().finally(() => clearInterval(alive));
}

test("a lane scheduler's slot, freed when the poll's result arrives after the worker's wake, is dispatched at once", async () => {
  // 8 upstreams, 2 slots, a 2 s round: four waves of two. The lane scheduler counts a slot
  // free only once the result is in (release), after the shared counter already woke the
  // dispatcher; unless release wakes it again, it sleeps out its 1 s wait per wave and
  // the round closes with some never dispatched (2 of 8 before the fix, in 1.95 s).
  const n = 8;
  const pool = laggingPool(n, 30);
  const r = await laneRound(pool, n, 2);
  assert.equal(r.notDispatched, 0, `never dispatched: ${r.notDispatched} of ${n}`);
  assert.equal(r.dispatched, n);
  assert.ok(r.outcomes.every((o) => !o.ok && o.code === "http_503"), "every poll's own result is the round's");
  assert.equal(pool.slots.inFlight(), 0);
});

test("under lanes, a poll that gives its slot back to wait on another's verification lets the next upstream start", async () => {
  // 4 upstreams, 1 slot. Upstream 0 gives its slot back at once (as fetch-state.ts does
  // before waiting on the claimer) and ends only 300 ms later; the others end at once.
  const n = 4;
  let firstEnded = false;
  const startedBeforeFirstEnded: number[] = [];
  const pool = new FakePool(n, {
    onRun(poll) {
      if (!firstEnded) startedBeforeFirstEnded.push(poll.task.upstream);
      if (poll.task.upstream !== 0) return void setImmediate(() => poll.fail("http_503"));
      setImmediate(() => poll.releaseSlot());
      setTimeout(() => { firstEnded = true; poll.fail("http_503"); }, 300);
    },
  });
  const r = await laneRound(pool, n, 1);
  assert.equal(pool.tasks[0]!.upstream, 0, "the round starts with upstream 0");
  assert.deepEqual([...startedBeforeFirstEnded].sort(), [0, 1, 2, 3], "the others ran in the slot upstream 0 gave back");
  assert.equal(r.dispatched, n);
  assert.equal(r.notDispatched, 0);
});
