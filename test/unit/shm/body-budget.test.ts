import { test } from "node:test";
import assert from "node:assert/strict";
import { BodyBudget } from "../../../src/shm/body-budget.js";

test("reservations fit under the limit or fail whole; releases give back exactly what was reserved", () => {
  const b = BodyBudget.create(10 * 1024);
  assert.equal(b.tryReserve(6 * 1024), true);
  assert.equal(b.tryReserve(5 * 1024), false, "11 KiB would pass the 10 KiB limit");
  assert.equal(b.heldBytes, 6 * 1024, "a failed reservation holds nothing");
  assert.equal(b.tryReserve(4 * 1024), true);
  assert.equal(b.tryReserve(1), false);
  b.release(6 * 1024);
  assert.equal(b.heldBytes, 4 * 1024);
  assert.equal(b.tryReserve(1), true);
  b.release(1);
  b.release(4 * 1024);
  assert.equal(b.heldBytes, 0);
});

test("two views of one buffer share the count, as the workers do", () => {
  const a = BodyBudget.create(4096);
  const b = new BodyBudget(a.buffer, 4096);
  assert.equal(a.tryReserve(3000), true);
  assert.equal(b.tryReserve(2000), false);
  a.release(3000);
  assert.equal(b.tryReserve(2000), true);
  assert.equal(a.heldBytes, 2000);
});
