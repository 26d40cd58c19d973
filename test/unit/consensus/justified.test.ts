import { test } from "node:test";
import assert from "node:assert/strict";
import { decideQuorum } from "../../../src/consensus/index.js";
import type { QuorumAgreed, Vote } from "../../../src/consensus/index.js";
import { failed, hex32, ok, verified } from "./fixtures.js";

const A = verified(100, "main");
const B = verified(100, "fork");
const J104 = { slot: 104, root: hex32("j104") };
const J108 = { slot: 108, root: hex32("j108") };
const J108b = { slot: 108, root: hex32("j108-other") };

function agreed(votes: Vote[]): QuorumAgreed {
  const d = decideQuorum(votes);
  assert.equal(d.kind, "agreed");
  return d as QuorumAgreed;
}

test("the justified most of the agreeing group report wins", () => {
  const d = agreed([ok(0, A, J104), ok(1, A, J104), ok(2, A, J108), ok(3, A, null)]);
  assert.deepEqual(d.justified, J104);
  assert.equal(d.justifiedSource, "upstreams");
});

test("upstreams outside the agreeing group have no say", () => {
  const d = agreed([ok(0, A, J104), ok(1, A, null), ok(2, A, null), ok(3, A, null), ok(4, B, J108), ok(5, B, J108), failed(6)]);
  assert.deepEqual(d.justified, J104);
});

test("a tie goes to the higher slot, then the lower root, in any order", () => {
  assert.deepEqual(agreed([ok(0, A, J104), ok(1, A, J108)]).justified, J108);
  assert.deepEqual(agreed([ok(1, A, J108), ok(0, A, J104)]).justified, J108);
  const low = J108.root < J108b.root ? J108 : J108b;
  assert.deepEqual(agreed([ok(0, A, J108b), ok(1, A, J108)]).justified, low);
  assert.deepEqual(agreed([ok(1, A, J108), ok(0, A, J108b)]).justified, low);
});

test("reports older than the finalized slot are ignored", () => {
  const d = agreed([ok(0, A, { slot: 90, root: hex32("j90") }), ok(1, A, { slot: 90, root: hex32("j90") }), ok(2, A, J104)]);
  assert.deepEqual(d.justified, J104);
});

test("no usable report: the state's own latest_justified when not older than finalized", () => {
  const S = verified(100, "main", { stateJustified: { slot: 100, root: hex32("own") } });
  const d = agreed([ok(0, S, null), ok(1, S, { slot: 3, root: hex32("j3") })]);
  assert.deepEqual(d.justified, { slot: 100, root: hex32("own") });
  assert.equal(d.justifiedSource, "state");
});

test("else the finalized checkpoint itself (it was justified first)", () => {
  const d = agreed([ok(0, A, null), ok(1, A, null)]);
  assert.ok(A.stateJustified.slot < A.finalized.slot);
  assert.deepEqual(d.justified, A.finalized);
  assert.equal(d.justifiedSource, "finalized");
});
