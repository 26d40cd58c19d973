import { test } from "node:test";
import assert from "node:assert/strict";
import { LoadWindow } from "../../../src/balance/index.js";

test("a new window is ready only once it has seen `size` rounds", () => {
  const w = new LoadWindow(3);
  w.add(1);
  w.add(2);
  assert.equal(w.ready, false);
  assert.equal(w.filled, 2);
  assert.equal(w.sum, 3);
  w.add(3);
  assert.equal(w.ready, true);
  assert.equal(w.sum, 6);
});

test("the running sum slides: the oldest round falls out", () => {
  const w = new LoadWindow(3);
  for (const v of [1, 2, 3, 10, 20]) w.add(v);
  assert.equal(w.sum, 3 + 10 + 20);
  assert.equal(w.filled, 3);
});

test("after a reset the window must fill again before it is ready", () => {
  const w = new LoadWindow(2);
  w.add(5);
  w.add(5);
  assert.equal(w.ready, true);
  w.reset();
  assert.equal(w.ready, false);
  assert.equal(w.sum, 0);
  w.add(7);
  assert.equal(w.ready, false);
  w.add(1);
  assert.equal(w.ready, true);
  assert.equal(w.sum, 8);
});

test("the running sum does not drift over many laps", () => {
  const w = new LoadWindow(4);
  for (let i = 0; i < 10_000; i++) w.add(0.1 * (i % 7));
  const last = [9996, 9997, 9998, 9999].reduce((s, i) => s + 0.1 * (i % 7), 0);
  assert.ok(Math.abs(w.sum - last) < 1e-9);
});

test("bad sizes and loads are refused", () => {
  assert.throws(() => new LoadWindow(0), RangeError);
  assert.throws(() => new LoadWindow(1.5), RangeError);
  const w = new LoadWindow(2);
  assert.throws(() => w.add(-1), RangeError);
  assert.throws(() => w.add(Number.NaN), RangeError);
  assert.throws(() => w.add(Infinity), RangeError);
});
