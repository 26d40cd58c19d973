import { test } from "node:test";
import assert from "node:assert/strict";
import { LaneScheduler, rotate, startOrder } from "../../../src/balance/lane-scheduler.js";

test("startOrder: last round's unmeasured upstreams first, in their order, then the rest rotated", () => {
  const all = [0, 1, 2, 3, 4, 5, 6, 7];
  assert.deepEqual(startOrder(all, [6, 2], 3), [6, 2, ...rotate([0, 1, 3, 4, 5, 7], 3)]);
  // One still in flight from an abandoned poll is not free: it is not queued at all.
  assert.deepEqual(startOrder([0, 1, 3], [2, 3], 0), [3, ...rotate([0, 1], 0)]);
  assert.deepEqual(startOrder(all, [], 5), rotate(all, 5));
});

test("startOrder: first contacts start after every upstream already contacted, in the same relative order", () => {
  const all = [0, 1, 2, 3, 4, 5, 6, 7];
  const plain = startOrder(all, [6, 2], 3);
  const contacts = new Set([6, 1, 7]);
  assert.deepEqual(startOrder(all, [6, 2], 3, contacts), [...plain.filter((u) => !contacts.has(u)), ...plain.filter((u) => contacts.has(u))]);
  assert.deepEqual(startOrder(all, [], 0, new Set(all)), startOrder(all, [], 0), "all first contacts (start-up): the usual order");
});

/**
 * 16 dead upstreams and 2 slots: each round starts 2, which hold their slot to the deadline
 * (measured: a whole timeout), and the deadline drops the other 14 (not measured).
 */
function deadLaneRounds(rounds: number): number[][] {
  const n = 16;
  const s = new LaneScheduler({ upstreams: n, totalSlots: 2, roundMs: 1000, noBalance: true });
  const all = Array.from({ length: n }, (_, u) => u);
  const started: number[][] = [];
  for (let r = 0; r < rounds; r++) {
    s.beginRound(all);
    const now: number[] = [];
    for (let u = s.take(); u !== null; u = s.take()) now.push(u);
    assert.equal(s.endRound().length, n - now.length);
    for (const u of now) s.release(u);
    const slotMs = new Float64Array(n);
    for (const u of now) slotMs[u] = 1000;
    s.afterRound(slotMs);
    started.push(now);
  }
  return started;
}

test("a lane that starts 2 of its 16 members per round measures every member within 8 rounds", () => {
  const started = deadLaneRounds(8);
  assert.deepEqual([...new Set(started.flat())].sort((a, b) => a - b), Array.from({ length: 16 }, (_, u) => u),
    `started per round: ${JSON.stringify(started)}`);
});

test("a member left unmeasured in one round is among the next round's first starts", () => {
  const started = deadLaneRounds(3);
  // Round 0 started two; round 1 starts the first two of the 14 that waited.
  for (const u of started[1]!) assert.ok(!started[0]!.includes(u), `round 1 restarted ${u}, measured in round 0`);
  for (const u of started[2]!) assert.ok(!started[0]!.includes(u) && !started[1]!.includes(u));
});
