import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { computeShares } from "../../../src/balance/index.js";

test("shares are proportional to members: 16 dead of 64 on 8 slots get 2", () => {
  assert.deepEqual(computeShares([16, 48], 8), [2, 6]);
  assert.deepEqual(computeShares([64], 8), [8]);
});

test("every lane gets at least one slot while there are enough", () => {
  assert.deepEqual(computeShares([1, 1, 62], 8), [1, 1, 6]);
});

test("with more lanes than slots, the biggest lanes get one slot and the rest none", () => {
  assert.deepEqual(computeShares([5, 20, 3], 2), [1, 1, 0]);
});

test("property: shares sum to the slots, floor 1 when lanes <= slots, never far from proportional", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 32 }), (members, slots) => {
      const shares = computeShares(members, slots);
      assert.equal(shares.reduce((a, b) => a + b, 0), slots);
      const total = members.reduce((a, b) => a + b, 0);
      shares.forEach((s, i) => {
        assert.ok(s >= 0);
        if (members.length <= slots) {
          assert.ok(s >= 1);
          // at most one slot off its quota, or at the floor of 1
          assert.ok(s <= Math.max(1, Math.ceil((slots * members[i]) / total)) + 1, `share ${s} for ${members[i]} of ${total}`);
        }
      });
    }),
  );
});
