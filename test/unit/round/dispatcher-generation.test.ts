import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { Dispatcher } from "../../../src/round/dispatcher.js";
import { FifoScheduler } from "../../support/fifo-scheduler.js";
import type { PollTask } from "../../../src/model/task.js";
import type { VerifiedState } from "../../../src/model/outcome.js";
import { FakePool } from "../../support/fake-pool.js";

/** End the running poll of `u` with a verified state, as its worker would; returns its task. */
function end(pool: FakePool, u: number, state: VerifiedState): PollTask {
  const poll = pool.poll(u);
  poll.verified(state);
  return poll.task;
}

const vs = (slot: number, digest: string): VerifiedState => ({
  digest, stateRoot: "0x" + "aa".repeat(32), finalized: { slot, root: "0x" + "bb".repeat(32) },
  stateJustified: { slot, root: "0x" + "cc".repeat(32) }, stateFinalized: { slot, root: "0x" + "dd".repeat(32) },
  slot, genesisTime: 0, size: 3,
});

test("a poll abandoned in round r that ends during round r+1 does not change r+1's result", async () => {
  const pool = new FakePool(2);
  const bytes: string[] = [];
  const d = new Dispatcher([{ name: "a", url: "http://127.0.0.1:1" }, { name: "b", url: "http://127.0.0.1:2" }],
    { concurrency: 4, timeoutMs: 60, intervalMs: 60, maxStateBytes: 100 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }), onStateBytes: (dg) => bytes.push(dg) });

  // Round 1: b answers in time, a never does: a is abandoned at the deadline.
  const r1p = d.runRound();
  await pool.dispatched(0, 1);
  end(pool, 1, vs(8, "0x01"));
  const r1 = await r1p;
  assert.equal(r1.outcomes[0]!.ok, false);
  assert.ok(r1.abandoned.has(0));
  assert.equal(r1.outcomes[1]!.ok, true);
  assert.ok(pool.isRunning(0), "the abandoned poll is still running: its slot stays taken");
  assert.equal(pool.slots.inFlight(), 1);

  // Round 2: a is still busy, so it is not dispatched again; its round-1 poll ends mid-round.
  const r2p = d.runRound();
  await pool.dispatched(1);
  const lateTask = end(pool, 0, vs(99, "0x02"));
  assert.equal(lateTask.generation, 1);
  end(pool, 1, vs(9, "0x03"));
  const r2 = await r2p;
  assert.equal(r2.round, 2);
  assert.equal(r2.outcomes[0]!.ok, false, "the late round-1 result must not become round 2's result for a");
  assert.equal(r2.outcomes[0]!.generation, 2);
  assert.equal(r2.lateDiscarded, 1);
  assert.ok(r2.outcomes[1]!.ok && r2.outcomes[1]!.state.slot === 9);
  assert.deepEqual(bytes, ["0x01", "0x02", "0x03"], "content-addressed bytes are kept whichever round fetched them");
  assert.equal(pool.slots.inFlight(), 0);

  // Round 3: a is free again and is polled normally.
  const r3p = d.runRound();
  await pool.dispatched(0, 1);
  end(pool, 0, vs(10, "0x04"));
  end(pool, 1, vs(10, "0x04"));
  const r3 = await r3p;
  assert.equal(r3.ok, 2);
});

test("the last verified result is offered to the next poll for the unchanged-block probe", async () => {
  const pool = new FakePool(1);
  const d = new Dispatcher([{ name: "a", url: "http://127.0.0.1:1" }], { concurrency: 1, timeoutMs: 200, intervalMs: 200, maxStateBytes: 100 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }) });
  const p = d.runRound();
  await pool.dispatched(0);
  const t1 = end(pool, 0, vs(8, "0x01"));
  await p;
  assert.equal(t1.lastState, null);
  const p2 = d.runRound();
  await pool.dispatched(0);
  const t2 = end(pool, 0, vs(8, "0x01"));
  await p2;
  assert.equal(t2.lastState?.digest, "0x01");
});
