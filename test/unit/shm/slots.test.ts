import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import * as L from "../../../src/shm/slots-layout.js";
import { SlotTable } from "../../../src/shm/slots.js";

test("layout: fields fit their strides, states are distinct, regions do not overlap", () => {
  const i32Fields = [L.REC_STATE, L.REC_GENERATION, L.REC_HTTP_STATUS, L.REC_ERROR_CODE, L.REC_ENDED, L.REC_RELEASED];
  assert.equal(new Set(i32Fields).size, i32Fields.length);
  assert.ok(Math.max(...i32Fields) < L.RECORD_I32);
  const f64Fields = [L.REC_DISPATCHED_MS, L.REC_STARTED_MS, L.REC_ENDED_MS, L.REC_BYTES, L.REC_RELEASED_MS];
  assert.equal(new Set(f64Fields).size, f64Fields.length);
  assert.ok(Math.max(...f64Fields) < L.RECORD_F64);
  assert.ok(Math.max(L.IDX_IN_FLIGHT, L.IDX_GENERATION) < L.HEADER_I32);
  assert.equal(new Set(Object.values(L.SlotState)).size, 4);
  for (const n of [1, 3, 64, 256]) {
    assert.equal(L.int32RegionBytes(n) % 8, 0);
    assert.ok(L.int32RegionBytes(n) >= (L.HEADER_I32 + n * L.RECORD_I32) * 4);
    assert.equal(L.slotTableBytes(n), L.int32RegionBytes(n) + n * L.RECORD_F64 * 8);
  }
});

test("state machine: exactly one of abandon / finish wins, and the slot is freed once", () => {
  const t = SlotTable.create(2);
  t.dispatch(0, 1, 100);
  assert.equal(t.inFlight(), 1);
  assert.equal(t.isFree(0), false);
  assert.throws(() => t.dispatch(0, 1, 100), /still in flight/);
  assert.equal(t.abandon(0, 1), true);
  assert.equal(t.abandon(0, 1), false, "abandoning twice is a no-op");
  assert.equal(t.inFlight(), 1, "an abandoned poll keeps its slot until it really ends");
  assert.equal(t.finish(0, 1, { nowMs: 200, bytes: 5, httpStatus: 0, errorCode: 1 }), false, "the late worker lost");
  assert.equal(t.inFlight(), 0);
  assert.equal(t.isFree(0), true);
  t.dispatch(0, 2, 300);
  assert.equal(t.finish(0, 2, { nowMs: 310, bytes: 7, httpStatus: 200, errorCode: 0 }), true);
  assert.equal(t.abandon(0, 2), false, "the deadline cannot abandon a finished poll");
  const r = t.read(0);
  assert.deepEqual([r.state, r.generation, r.bytes, r.endedMs, r.ended], [L.SlotState.DONE, 2, 7, 310, true]);
});

test("releaseSlot: gives the slot back once, finish frees nothing more, the record stays abandonable", () => {
  const t = SlotTable.create(2);
  t.dispatch(1, 4, 100);
  t.release(1, 3, 110);
  assert.equal(t.inFlight(), 1, "a release for another round changes nothing");
  t.release(1, 4, 120);
  t.release(1, 4, 130);
  assert.equal(t.inFlight(), 0, "released once");
  assert.equal(t.read(1).releasedMs, 120);
  assert.equal(t.isFree(1), false, "not dispatchable again before it ends");
  assert.equal(t.abandon(1, 4), true, "the deadline still abandons a released poll");
  assert.equal(t.finish(1, 4, { nowMs: 200, bytes: 1, httpStatus: 0, errorCode: 0 }), false);
  assert.equal(t.inFlight(), 0, "finish after a release does not free a second time");
  t.dispatch(1, 5, 300);
  assert.equal(t.read(1).releasedMs, 0, "dispatch resets the release");
  assert.equal(t.inFlight(), 1);
  assert.equal(t.finish(1, 5, { nowMs: 310, bytes: 1, httpStatus: 0, errorCode: 0 }), true);
  assert.equal(t.inFlight(), 0, "a poll that never released frees its slot at the end");
});

test("cross-thread: a worker's finish() wakes Atomics.waitAsync on the main thread", async () => {
  const t = SlotTable.create(4);
  t.dispatch(3, 5, Date.now());
  const url = new URL("../../../src/shm/slots.js", import.meta.url).href;
  const w = new Worker(
    `const { workerData } = require("node:worker_threads");
     import(workerData.url).then(({ SlotTable }) => {
       const t = new SlotTable(workerData.buf, 4);
       // Later, not at once: the main thread must already be waiting when the wake comes.
       setTimeout(() => t.finish(3, 5, { nowMs: Date.now(), bytes: 1234, httpStatus: 200, errorCode: 0 }), 50);
     });`,
    { eval: true, workerData: { url, buf: t.buffer } },
  );
  try {
    await t.waitInFlightChange(1, 5000);
    assert.equal(t.inFlight(), 0);
    assert.equal(t.read(3).bytes, 1234, "the payload written before the state word is visible after it");
    assert.equal(t.read(3).state, L.SlotState.DONE);
  } finally {
    await w.terminate();
  }
});
