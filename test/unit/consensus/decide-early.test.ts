import { test } from "node:test";
import assert from "node:assert/strict";
import { decideEarly } from "../../../src/consensus/index.js";
import { failed, ok, verified } from "./fixtures.js";

const A = verified(100, "main");
const B = verified(100, "fork");

test("decided early only when no answer of the outstanding upstreams could change the outcome", () => {
  // 6 configured: 4 agree, 1 failed, 1 still polling. Even a rival answer leaves 4 of 6 > 0.5 and 4 > 2.
  const d = decideEarly([ok(0, A), ok(1, A), ok(2, A), ok(3, A), failed(4)], 1);
  assert.equal(d?.kind, "agreed");
  assert.equal(d?.checkpoint.root, A.finalized.root);
  assert.equal(d?.total, 6);
  assert.match(d!.rule, /4 of 6 configured/);

  // 3 of 6 so far: the 3 outstanding could still decide against it.
  assert.equal(decideEarly([ok(0, A), ok(1, A), ok(2, A)], 3), null);
  // 4 of 7 with 3 outstanding: 4/7 > 0.5 whatever they answer, and 3 rivals at most cannot reach 4.
  assert.equal(decideEarly([ok(0, A), ok(1, A), ok(2, A), ok(3, A)], 3)?.kind, "agreed");
  // A rival with 2 and 2 outstanding could reach 4: a tie is possible, so not yet.
  assert.equal(decideEarly([ok(0, A), ok(1, A), ok(2, A), ok(3, A), ok(4, B), ok(5, B)], 2), null);
  // Below min-agree: never early.
  assert.equal(decideEarly([ok(0, A), ok(1, A)], 0, { minAgree: 3 }), null);
});

test("of answering, outstanding answers widen the base: 2 of 2 answering with 3 outstanding is not final", () => {
  assert.equal(decideEarly([ok(0, A), ok(1, A), failed(2)], 3, { quorumOf: "answering" }), null);
  assert.equal(decideEarly([ok(0, A), ok(1, A), ok(2, A), ok(3, A), failed(4)], 1, { quorumOf: "answering" })?.kind, "agreed");
});

test("with nothing outstanding it is the round's own decision", () => {
  assert.equal(decideEarly([ok(0, A), ok(1, A), failed(2)], 0)?.kind, "agreed");
  assert.equal(decideEarly([ok(0, A), ok(1, B)], 0), null);
});
