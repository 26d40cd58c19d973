import { test } from "node:test";
import assert from "node:assert/strict";
import { DroppedBytes, HEAP_GROWTH_BYTES, IdleCollector, MEMORY_POLICY, RECLAIM_AFTER_BYTES } from "../../../src/memory/index.js";

test("DroppedBytes collects once RECLAIM_AFTER_BYTES were dropped, and reports what it freed", () => {
  let runs = 0;
  const d = new DroppedBytes({ collect: () => runs++, usedBytes: () => 0 });
  assert.equal(d.reclaim(), null, "nothing dropped");
  d.dropped(RECLAIM_AFTER_BYTES - 1);
  d.dropped(0); // a put that replaced nothing
  assert.equal(d.reclaim(), null, "one byte short");
  assert.equal(runs, 0);
  d.dropped(1);
  const r = d.reclaim();
  assert.equal(runs, 1);
  assert.deepEqual({ why: r?.why, states: r?.states, bytes: r?.bytes, slow: r?.slow, stopped: r?.stopped }, { why: "dropped", states: 2, bytes: RECLAIM_AFTER_BYTES, slow: false, stopped: false });
  assert.equal(d.reclaim(), null, "the count starts over");
});

test("collections pausing the main thread past the event-loop goal stop after the allowed few", () => {
  let now = 0;
  let pauseMs = MEMORY_POLICY.mainThread.pauseGoalMs; // at the goal: not slow
  let runs = 0;
  const d = new DroppedBytes({ collect: () => { runs++; now += pauseMs; }, nowMs: () => now, usedBytes: () => 0 });
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

test("a round that dropped too little still collects once the main heap grew HEAP_GROWTH_BYTES since the last collection", () => {
  let used = 1000;
  let runs = 0;
  const d = new DroppedBytes({ collect: () => { runs++; used = 1000; }, usedBytes: () => used });
  used = 1000 + HEAP_GROWTH_BYTES - 1;
  assert.equal(d.reclaim(), null, "one byte short of the growth");
  used = 1000 + HEAP_GROWTH_BYTES;
  assert.equal(d.reclaim()?.why, "heap");
  assert.equal(d.reclaim(), null, "growth is measured from that collection");
  used = 5000 + HEAP_GROWTH_BYTES;
  d.dropped(RECLAIM_AFTER_BYTES);
  assert.equal(d.reclaim()?.why, "dropped", "one collection between two rounds, for both reasons");
  assert.equal(runs, 2);
});

test("an idle poll worker collects once no poll ran for idleMs and its heap grew; a poll starting in between defers it", () => {
  let used = 0;
  let runs = 0;
  const pending: Array<() => void> = [];
  const idle = new IdleCollector({ collect: () => { runs++; }, usedBytes: () => used, idleMs: 100, schedule: (check) => pending.push(check) });
  idle.started();
  idle.started();
  idle.ended();
  assert.equal(pending.length, 0, "a poll still runs: nothing armed");
  used = HEAP_GROWTH_BYTES;
  idle.ended();
  idle.started(); // the next poll came before the check
  pending.shift()!();
  assert.equal(runs, 0, "a stale check does nothing");
  idle.ended();
  pending.shift()!();
  assert.equal(runs, 1, "idle and grown: collected");
  idle.started();
  idle.ended();
  pending.shift()!();
  assert.equal(idle.collections, 1, "no growth since: not again");
});
