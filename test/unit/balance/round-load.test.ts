import { test } from "node:test";
import assert from "node:assert/strict";
import { roundLoad } from "../../../src/balance/index.js";
import type { PollOutcome } from "../../../src/model/outcome.js";

const TIMEOUT = 1000;
const fail = (upstream: number, code: "timeout" | "refused"): PollOutcome =>
  ({ ok: false, upstream, generation: 1, code, message: code, bytes: 0, startedMs: 0, endedMs: 0 });
const hold = (dispatchedMs: number, endedMs: number, releasedMs = 0) => ({ dispatchedMs, releasedMs, endedMs, ended: endedMs > 0 });

test("slot time: held from dispatch to its end or give-back, within the round; a timeout with half its bound costs the whole bound", () => {
  const load = roundLoad({
    startedMs: 0, endedMs: 2000, deadlineMs: 2000, dispatchedUpstreams: [0, 1, 2, 3, 4],
    outcomes: [fail(0, "refused"), fail(1, "timeout"), fail(2, "timeout"), fail(3, "refused"), fail(4, "refused")],
    holds: [hold(100, 150), hold(0 + 200, 900), hold(1800, 2000), hold(300, 0), hold(100, 900, 400)],
  }, TIMEOUT);
  assert.deepEqual([...load], [
    50, // ended after 50 ms
    TIMEOUT, // cut at 700 ms by its budget, yet a timeout with its whole bound ahead: charged the bound
    0, // dispatched 200 ms before the deadline: its timeout says nothing of the upstream
    1700, // still running when the round ended: held to the end
    300, // gave its slot back at 400 while waiting on another poll
  ]);
});

test("an upstream never dispatched holds nothing", () => {
  const load = roundLoad({ startedMs: 0, endedMs: 10, deadlineMs: 10, dispatchedUpstreams: [], outcomes: [fail(0, "timeout")], holds: [hold(0, 0)] }, TIMEOUT);
  assert.deepEqual([...load], [0]);
});
