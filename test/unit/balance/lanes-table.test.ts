import { test } from "node:test";
import assert from "node:assert/strict";
import { LanesTable, validateLanes } from "../../../src/balance/index.js";

test("the initial table is one default lane holding every upstream and every slot", () => {
  const t = LanesTable.initial(5, 4);
  assert.equal(t.size, 1);
  assert.deepEqual(t.defaultLane.upstreams, [0, 1, 2, 3, 4]);
  assert.equal(t.defaultLane.share, 4);
  assert.equal(t.laneOf(3).id, t.defaultLane.id);
  assert.equal(t.version, 0);
});

test("split puts the moved upstreams in a new lane just above the parent; collapse folds it back down", () => {
  const t = LanesTable.fromMembers([[0, 1], [2, 3, 4, 5]], 6, 6);
  const s = t.split(1, [5, 3]);
  assert.deepEqual(s.lanes.map((l) => [l.id, [...l.upstreams]]), [[0, [0, 1]], [2, [3, 5]], [1, [2, 4]]]);
  assert.equal(s.version, 1);
  assert.equal(s.laneOf(5).id, 2);
  assert.equal(s.defaultLane.id, 1);
  const c = s.collapse(2);
  assert.deepEqual(c.lanes.map((l) => [l.id, [...l.upstreams]]), [[0, [0, 1]], [1, [2, 3, 4, 5]]]);
  assert.equal(c.version, 2);
  // ids are never reused
  assert.equal(c.split(1, [2]).lanes[1].id, 3);
});

test("tables are immutable", () => {
  const t = LanesTable.initial(3, 2);
  assert.throws(() => (t.lanes as unknown as unknown[]).push({}));
  assert.throws(() => (t.defaultLane.upstreams as unknown as number[]).push(9));
  t.split(0, [1]);
  assert.equal(t.size, 1);
});

test("split needs a proper non-empty subset of the lane", () => {
  const t = LanesTable.initial(3, 2);
  assert.throws(() => t.split(0, []), /proper non-empty subset/);
  assert.throws(() => t.split(0, [0, 1, 2]), /proper non-empty subset/);
  assert.throws(() => t.split(0, [7]), /proper non-empty subset/);
  assert.throws(() => t.split(9, [1]), /not in the table/);
});

test("validate: every upstream in exactly one lane, no empty lane", () => {
  assert.throws(() => validateLanes([[0, 1], [1, 2]], 3), /upstream 1 is in lanes/);
  assert.throws(() => validateLanes([[0], [2]], 3), /upstream 1 is in no lane/);
  assert.throws(() => validateLanes([[0, 1, 2], []], 3), /empty/);
  assert.throws(() => validateLanes([[0, 1, 5]], 3), /outside/);
  assert.throws(() => validateLanes([], 3), /at least the default lane/);
  assert.throws(() => LanesTable.fromMembers([[0]], 2, 2), /upstream 1 is in no lane/);
  validateLanes([[2], [0, 1]], 3);
  LanesTable.fromMembers([[2], [0, 1]], 3, 2).validate();
});

test("laneOf refuses an index outside the table", () => {
  const t = LanesTable.initial(3, 2);
  assert.throws(() => t.laneOf(3), /outside/);
  assert.throws(() => t.laneOf(-1), /outside/);
});
