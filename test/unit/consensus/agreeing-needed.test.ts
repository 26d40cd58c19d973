import { test } from "node:test";
import assert from "node:assert/strict";
import { agreeingNeeded } from "../../../src/consensus/index.js";

test("agreeingNeeded follows the strict quorum rule and min-agree", () => {
  // [answering, quorum, minAgree, needed]
  const table: Array<[number, number, number, number]> = [
    [4, 0.5, 1, 3], [3, 0.5, 1, 2], [1, 0.5, 1, 1], [0, 0.5, 1, 1], [10, 0.3, 1, 4], [10, 0.5, 1, 6],
    [64, 0.5, 1, 33], [4, 0.5, 5, 5], [5, 0, 1, 1], [7, 0.99, 1, 7],
  ];
  for (const [answering, quorum, minAgree, needed] of table) {
    assert.equal(agreeingNeeded(answering, quorum, minAgree), needed, `${answering} answering, quorum ${quorum}, min ${minAgree}`);
  }
});
