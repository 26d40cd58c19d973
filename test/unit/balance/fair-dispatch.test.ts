import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { FairDispatch, LanesTable } from "../../../src/balance/index.js";

// 8 upstreams, 4 slots: lane 0 = {0,1} (share 1), default lane 1 = {2..7} (share 3).
const table = () => LanesTable.fromMembers([[0, 1], [2, 3, 4, 5, 6, 7]], 8, 4);
const takeAll = (f: FairDispatch) => {
  const out: number[] = [];
  for (let u = f.take(); u !== null; u = f.take()) out.push(u);
  return out;
};

test("while every lane has work, each gets its share of the slots", () => {
  const f = new FairDispatch(table());
  f.enqueueRound([0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(takeAll(f).sort(), [0, 2, 3, 4]);
  assert.deepEqual(
    f.lanes().map((l) => l.inFlight),
    [1, 3],
  );
});

test("a lane of dead upstreams holding its share cannot take the slots the other lane frees", () => {
  const f = new FairDispatch(table());
  f.enqueueRound([0, 1, 2, 3, 4, 5, 6, 7]);
  takeAll(f); // 0 (dead, never returns) and 2, 3, 4
  f.release(2);
  assert.equal(f.take(), 5, "the freed slot goes back to the lane under its share");
  f.release(3);
  f.release(4);
  assert.deepEqual(takeAll(f).sort(), [6, 7]);
});

test("work-conserving: slots a lane cannot use go to the others", () => {
  const f = new FairDispatch(table());
  f.enqueueRound([0, 1, 2]);
  assert.deepEqual(takeAll(f).sort(), [0, 1, 2], "lane 0 takes two slots past its share of one");
  assert.equal(f.inFlight, 3);
  assert.equal(f.take(), null);
});

test("never more polls in flight than the pool's slots", () => {
  const f = new FairDispatch(LanesTable.initial(10, 3));
  f.enqueueRound([...Array(10).keys()]);
  assert.deepEqual(takeAll(f), [0, 1, 2]);
  assert.equal(f.release(1), true);
  assert.equal(f.release(1), false, "a second release of the same poll is a no-op");
  assert.deepEqual(takeAll(f), [3]);
  assert.equal(f.queued, 6);
});

test("a poll still in flight from an abandoned round is not started twice; the deadline drops the queue", () => {
  const f = new FairDispatch(LanesTable.initial(4, 2));
  f.enqueueRound([0, 1, 2, 3]);
  takeAll(f); // 0, 1
  assert.deepEqual(f.abandonQueued(), [2, 3]);
  assert.equal(f.take(), null);
  assert.deepEqual(f.enqueueRound([0, 1, 2, 3, 3]), [0, 1], "busy ones are returned; duplicates ignored");
  assert.equal(f.take(), null, "the abandoned polls still hold both slots");
  f.release(0);
  assert.equal(f.take(), 2);
});

test("setTable re-homes queued and in-flight upstreams to their new lanes", () => {
  const f = new FairDispatch(LanesTable.initial(8, 4));
  f.enqueueRound([0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(takeAll(f), [0, 1, 2, 3]);
  f.setTable(table()); // 0 and 1 now in lane 0 (share 1), in flight
  assert.deepEqual(f.lanes(), [
    { id: 0, share: 1, inFlight: 2, queued: 0 },
    { id: 1, share: 3, inFlight: 2, queued: 4 },
  ]);
  f.release(0);
  assert.equal(f.take(), 4);
});

test("property: the chosen lane is always the least served by its share, and take() idles only when it must", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.nat(), { maxLength: 60 }),
      (sizes, slots, script) => {
        let next = 0;
        const members = sizes.map((s) => Array.from({ length: s }, () => next++));
        const t = LanesTable.fromMembers(members, next, slots);
        const f = new FairDispatch(t);
        f.enqueueRound([...Array(next).keys()]);
        const running: number[] = [];
        for (const step of script) {
          if (step % 3 === 0 && running.length > 0) {
            f.release(running.splice(step % running.length, 1)[0]);
            continue;
          }
          const before = f.lanes();
          const u = f.take();
          if (u === null) {
            assert.ok(running.length >= slots || before.every((l) => l.queued === 0));
            continue;
          }
          running.push(u);
          assert.ok(running.length <= slots);
          const key = (l: { share: number; inFlight: number }) => (l.share > 0 ? (l.inFlight + 1) / l.share : Infinity);
          const chosen = before.find((l) => l.id === t.laneOf(u).id)!;
          for (const l of before) if (l.queued > 0) assert.ok(key(chosen) <= key(l));
        }
      },
    ),
  );
});
