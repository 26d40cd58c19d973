import { test } from "node:test";
import assert from "node:assert/strict";
import { PairPins } from "../../../src/server/pair-pins.js";
import type { StoreEntry } from "../../../src/store/index.js";

const entry = (root: string) => ({ finalized: { slot: 1, root } }) as unknown as StoreEntry;
const held = (...entries: StoreEntry[]) => ({ byRoot: (root: string) => entries.find((e) => e.finalized.root === root) ?? null });

test("a pin holds for its window, is never extended, and falls back to the served entry once its entry is gone", () => {
  const pins = new PairPins(1000);
  const a = entry("0xa");
  const b = entry("0xb");
  assert.equal(pins.pick("c", a, held(a), 0), a);
  assert.equal(pins.pick("c", b, held(a, b), 500), a, "pinned");
  assert.equal(pins.pick("c", b, held(a, b), 999), a, "asking again does not extend the pin");
  assert.equal(pins.pick("c", b, held(a, b), 1000), b, "expired");
  assert.equal(pins.pick("d", a, held(a), 0), a);
  assert.equal(pins.pick("d", b, held(b), 10), b, "the pinned entry left the history");
  assert.equal(pins.pick("d", a, held(a, b), 20), b, "and the client is pinned to what it got instead");
});

test("pins are capped: past the cap the oldest goes first; expired pins are dropped", () => {
  const pins = new PairPins(1000, 2);
  const a = entry("0xa");
  const b = entry("0xb");
  pins.pick("1", a, held(a), 0);
  pins.pick("2", a, held(a), 1);
  pins.pick("3", a, held(a), 2);
  assert.equal(pins.size, 2);
  assert.equal(pins.pick("1", b, held(a, b), 3), b, "client 1's pin was the oldest: dropped");
  assert.equal(pins.pick("3", b, held(a, b), 3), a);
  pins.pick("4", b, held(a, b), 5000);
  assert.equal(pins.size, 1, "every pin older than the window is gone");
});

test("a window of 0 pins nothing", () => {
  const pins = new PairPins(0);
  const a = entry("0xa");
  const b = entry("0xb");
  pins.pick("c", a, held(a), 0);
  assert.equal(pins.pick("c", b, held(a, b), 1), b);
  assert.equal(pins.size, 0);
});
