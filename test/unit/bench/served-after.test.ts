import { test } from "node:test";
import assert from "node:assert/strict";
import { servedAfterMs } from "../../../bench/measure.js";
import type { PollOutcome } from "../../../src/model/outcome.js";
import { verified } from "../consensus/fixtures.js";

const T0 = 1_000_000;
const okAt = (u: number, endMs: number, branch = "main"): PollOutcome => ({
  ok: true, upstream: u, generation: 1, state: verified(16, branch), justified: null, unchanged: false, blockDigest: null, blockEtag: null,
  blockNote: "not_served", blockRoot: null, bytes: 1, startedMs: T0 + 1, endedMs: T0 + endMs,
});
const failAt = (u: number, endMs: number): PollOutcome => ({ ok: false, upstream: u, generation: 1, code: "timeout", message: "t", bytes: 0, startedMs: T0 + 1, endedMs: T0 + endMs });

test("change to served: the result after which the quorum cannot change, not the round's end", () => {
  // 3 of 5 agree by 30 ms; the 2 others time out at the deadline.
  const outcomes = [okAt(0, 10), okAt(1, 20), okAt(2, 30), failAt(3, 2000), failAt(4, 2000)];
  assert.equal(servedAfterMs(outcomes, T0, 2000), 30);
});

test("change to served: a rival that could still win holds the decision until it cannot", () => {
  // 2 main, 2 fork, then the last main: until it ends the fork could still tie or win.
  const outcomes = [okAt(0, 10), okAt(1, 20), okAt(2, 30, "fork"), okAt(3, 40, "fork"), okAt(4, 50)];
  assert.equal(servedAfterMs(outcomes, T0, 60), 50);
  assert.equal(servedAfterMs([okAt(0, 10), failAt(1, 20), failAt(2, 30)], T0, 30), null, "1 of 3 configured is no quorum");
});
