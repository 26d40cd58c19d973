import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decideQuorum } from "../../../src/consensus/index.js";
import type { Vote } from "../../../src/consensus/index.js";
import { failed, hex32, ok, verified } from "./fixtures.js";

// A small pool of states and justified checkpoints, so that groups and ties are common.
const STATES = [verified(10, "a"), verified(10, "b"), verified(12, "a"), verified(12, "c"), verified(9, "a")];
const JUSTIFIED = [null, { slot: 12, root: hex32("j12") }, { slot: 13, root: hex32("j13") }, { slot: 13, root: hex32("j13b") }];

const voteSpec = fc.record({
  fails: fc.boolean(),
  state: fc.nat({ max: STATES.length - 1 }),
  justified: fc.nat({ max: JUSTIFIED.length - 1 }),
});

function build(specs: { fails: boolean; state: number; justified: number }[]): Vote[] {
  return specs.map((s, upstream) => (s.fails ? failed(upstream) : ok(upstream, STATES[s.state], JUSTIFIED[s.justified])));
}

test("shuffling the votes never changes the decision", () => {
  fc.assert(
    fc.property(
      fc.array(voteSpec, { maxLength: 12 }),
      fc.array(fc.integer(), { minLength: 12, maxLength: 12 }),
      fc.double({ min: 0, max: 0.99, noNaN: true }),
      fc.integer({ min: 1, max: 5 }),
      (specs, keys, quorum, minAgree) => {
        const votes = build(specs);
        const shuffled = votes.map((v, i) => ({ v, k: keys[i] })).sort((x, y) => x.k - y.k).map((x) => x.v);
        const reversed = [...votes].reverse();
        const expected = decideQuorum(votes, { quorum, minAgree });
        assert.deepEqual(decideQuorum(shuffled, { quorum, minAgree }), expected);
        assert.deepEqual(decideQuorum(reversed, { quorum, minAgree }), expected);
      },
    ),
    { numRuns: 500 },
  );
});

test("a winner always has strictly more than the quorum share, and no other group as many votes", () => {
  fc.assert(
    fc.property(fc.array(voteSpec, { maxLength: 12 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (specs, quorum) => {
      const d = decideQuorum(build(specs), { quorum });
      if (d.kind !== "agreed") return;
      assert.ok(d.agreeing / d.answering > quorum);
      assert.ok(d.groups.slice(1).every((g) => g.agreeing < d.agreeing));
    }),
    { numRuns: 300 },
  );
});
