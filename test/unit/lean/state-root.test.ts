/**
 * stateRootFromBytes (the big Bytes32 lists merkleized from their bytes) must give exactly
 * the root @chainsafe/ssz gives for the decoded State: on built states of many shapes
 * (empty lists, odd counts, one root, powers of two) and on random ones (fast-check).
 * The leanSpec vectors hold verifyState to the same in verify.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { QuorumpointError } from "../../../src/model/errors.js";
import { readStateHeader } from "../../../src/lean/state-reader.js";
import { stateRootFromBytes } from "../../../src/lean/state-root.js";
import { toHex } from "../../../src/model/hex.js";
import { State } from "../../../src/lean/types.js";
import { buildState } from "./build-state.js";

function libraryRoot(bytes: Uint8Array): string {
  return toHex(State.hashTreeRoot(State.deserialize(bytes)));
}

function flatRoot(bytes: Uint8Array): string {
  return toHex(stateRootFromBytes(bytes, readStateHeader(bytes)));
}

describe("stateRootFromBytes", () => {
  for (const [history, validators, justifications] of [[0, 4, 0], [1, 4, 1], [2, 5, 3], [7, 64, 9], [256, 4, 255], [1025, 33, 2], [4096, 64, 4097]]) {
    test(`equals the library's root: ${history} history, ${validators} validators, ${justifications} justifications`, () => {
      const bytes = State.serialize(buildState({ history: history!, validators: validators!, justifications, seed: history! + 7 }));
      assert.equal(flatRoot(bytes), libraryRoot(bytes));
    });
  }

  // Lists past 1 MiB (32768 roots) are merkleized a 1 MiB subtree at a time: at, just past,
  // and well past a piece boundary, with a partial last piece of an odd count.
  for (const [history, justifications] of [[32768, 1], [32769, 32767], [3 * 32768 + 5, 65537], [200_001, 0]]) {
    test(`equals the library's root past one merkleization piece: ${history} history, ${justifications} justifications`, () => {
      const bytes = State.serialize(buildState({ history: history!, validators: 4, justifications, seed: history! }));
      assert.equal(flatRoot(bytes), libraryRoot(bytes));
    });
  }

  test("equals the library's root on random shapes (property)", () => {
    fc.assert(
      fc.property(fc.nat(600), fc.integer({ min: 1, max: 40 }), fc.nat(600), fc.nat(1000), (history, validators, justifications, seed) => {
        const bytes = State.serialize(buildState({ history, validators, justifications, seed }));
        assert.equal(flatRoot(bytes), libraryRoot(bytes));
      }),
      { numRuns: 40 },
    );
  });

  test("a different root in a big list gives a different root", () => {
    const bytes = State.serialize(buildState({ history: 300, validators: 4, justifications: 300, seed: 3 }));
    const before = flatRoot(bytes);
    const h = readStateHeader(bytes);
    for (const [start] of [h.listRanges[0]!, h.listRanges[3]!]) {
      const changed = bytes.slice();
      changed[start + 5]! ^= 1;
      assert.notEqual(flatRoot(changed), before);
      assert.equal(flatRoot(changed), libraryRoot(changed));
    }
  });

  test("a list over its limit is SSZ_INVALID, like the library's decode error", () => {
    const bytes = State.serialize(buildState({ history: 4, validators: 4, seed: 1 }));
    const h = readStateHeader(bytes);
    // Claim a 2^18 + 1 root history by faking the header's range: the length check fires first.
    const fake = { ...h, listRanges: h.listRanges.map((r, i) => (i === 0 ? [r[0], r[0] + 32 * (2 ** 18 + 1)] : r)) as Array<[number, number]> };
    const big = new Uint8Array(32 * (2 ** 18 + 2) + bytes.length);
    big.set(bytes);
    assert.throws(() => stateRootFromBytes(big, fake), (e: unknown) => e instanceof QuorumpointError && e.code === "SSZ_INVALID");
  });
});
