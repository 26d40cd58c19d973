import { test } from "node:test";
import assert from "node:assert/strict";
import { DroppedBytes, MEMORY_POLICY, RECLAIM_AFTER_BYTES } from "../../../src/memory/index.js";

test("DroppedBytes collects once RECLAIM_AFTER_BYTES were dropped, and reports what it freed", () => {
  let runs = 0;
  const d = new DroppedBytes({ collect: () => runs++ });
  assert.equal(d.reclaim(), null, "nothing dropped");
  d.dropped(RECLAIM_AFTER_BYTES - 1);
  d.dropped(0); // a put that replaced nothing
  assert.equal(d.reclaim(), null, "one byte short");
  assert.equal(runs, 0);
  d.dropped(1);
  const r = d.reclaim();
  assert.equal(runs, 1);
  assert.deepEqual({ states: r?.states, bytes: r?.bytes, slow: r?.slow, stopped: r?.stopped }, { states: 2, bytes: RECLAIM_AFTER_BYTES, slow: false, stopped: false });
  assert.equal(d.reclaim(), null, "the count starts over");
});

test("collections pausing the main thread past the event-loop goal stop after the allowed few", () => {
  let now = 0;
  let pauseMs = MEMORY_POLICY.mainThread.pauseGoalMs; // at the goal: not slow
  let runs = 0;
  const d = new DroppedBytes({ collect: () => { runs++; now += pauseMs; }, nowMs: () => now });
  const round = () => { d.dropped(RECLAIM_AFTER_BYTES); return d.reclaim(); };
  assert.equal(round()?.slow, false);
  pauseMs = MEMORY_POLICY.mainThread.pauseGoalMs + 1;
  const allowed = MEMORY_POLICY.mainThread.slowReclaimsAllowed;
  for (let i = 1; i < allowed; i++) assert.deepEqual([round()?.slow, d.active], [true, true], `slow one ${i}, still collecting`);
  const last = round();
  assert.deepEqual({ slow: last?.slow, stopped: last?.stopped, ms: last?.ms }, { slow: true, stopped: true, ms: pauseMs });
  assert.equal(d.active, false);
  assert.equal(round(), null, "no more collections: V8 frees dropped bytes at its own pace");
  assert.equal(runs, allowed + 1);
});

test("without gc (node started without --expose-gc) nothing is collected", () => {
  const d = new DroppedBytes({ collect: null });
  d.dropped(4 * RECLAIM_AFTER_BYTES);
  assert.equal(d.active, false);
  assert.equal(d.reclaim(), null);
});
