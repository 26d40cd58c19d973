import { test } from "node:test";
import assert from "node:assert/strict";
import { standingOf } from "../../../src/round/upstream-standing.js";
import { UpstreamStatusBook } from "../../../src/round/upstream-status.js";
import type { PollOutcome } from "../../../src/model/outcome.js";

const A = "0x" + "aa".repeat(32);
const B = "0x" + "bb".repeat(32);
const served = { slot: 16, root: A };
/** The served state's history: slot 8 holds B. */
const history = (slot: number) => (slot === 8 ? B : null);
const answered = (finalized: { slot: number; root: string }, recent = [true]) => ({ recent, polledEver: true, finalized });

test("standing: agrees, lagging on the served chain, conflicting off it, ahead, undecided", () => {
  assert.equal(standingOf(answered({ slot: 16, root: A }), served, history), "agrees");
  assert.equal(standingOf(answered({ slot: 8, root: B }), served, history), "lagging");
  assert.equal(standingOf(answered({ slot: 8, root: A }), served, history), "conflicting", "an earlier slot the served history does not hold");
  assert.equal(standingOf(answered({ slot: 16, root: B }), served, history), "conflicting", "the served slot, another root");
  assert.equal(standingOf(answered({ slot: 24, root: B }), served, history), "ahead");
  assert.equal(standingOf(answered({ slot: 16, root: A }), null, history), "undecided");
});

test("standing: never polled, failing, flapping", () => {
  assert.equal(standingOf({ recent: [], polledEver: false, finalized: null }, served, history), "not_polled");
  assert.equal(standingOf(answered({ slot: 16, root: A }, [true, true, false]), served, history), "failing");
  assert.equal(standingOf(answered({ slot: 16, root: A }, [true, false, true]), served, history), "flapping");
  assert.equal(standingOf(answered({ slot: 16, root: A }, [false, false, true, true]), served, history), "agrees", "one recovery is not flapping");
});

const notPolled = (u: number): PollOutcome => ({ ok: false, upstream: u, generation: 2, code: "not_polled", message: "no slot", bytes: 0, startedMs: 0, endedMs: 5 });
const timedOut = (u: number): PollOutcome => ({ ok: false, upstream: u, generation: 1, code: "timeout", message: "t", bytes: 0, startedMs: 1, endedMs: 5 });

test("a round that never polled an upstream is not held against it", () => {
  const book = new UpstreamStatusBook([{ name: "a", url: "http://127.0.0.1:1" }]);
  book.apply(1, notPolled(0));
  book.judge(served, history);
  let s = book.get(0);
  assert.deepEqual([s.healthy, s.error_total, s.last_error, s.not_polled_rounds, s.standing, s.last_poll_round], [false, 0, null, 1, "not_polled", null]);
  book.apply(2, timedOut(0));
  book.apply(3, notPolled(0));
  book.judge(served, history);
  s = book.get(0);
  assert.deepEqual([s.error_total, s.last_error, s.not_polled_rounds, s.standing, s.last_poll_round], [1, "timeout", 1, "failing", 2]);
});
