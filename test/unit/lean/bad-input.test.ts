/**
 * Malformed bytes never crash or hang the readers: they verify, or throw a
 * QuorumpointError whose code starts with SSZ_ (the poll worker's `bad_ssz`).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { verifyState } from "../../../src/lean/verify.js";
import { readSignedBlock, readStateHeader, STATE_LAYOUT } from "../../../src/lean/state-reader.js";
import { SignedBlock, State } from "../../../src/lean/types.js";
import { zeroSignature } from "../../../src/lean/xmss.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { buildStateBytes } from "./build-state.js";

function isSszError(e: unknown): boolean {
  return e instanceof QuorumpointError && e.code.startsWith("SSZ_");
}

/** Run `fn`; succeed, or throw only an SSZ_ error. Returns the error code or null. */
function outcome(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    assert.ok(isSszError(e), `unexpected error: ${e instanceof Error ? e.stack : String(e)}`);
    return (e as QuorumpointError).code;
  }
}

const good = buildStateBytes({ history: 40, validators: 5, justifications: 2, seed: 3 });
const goodRoot = verifyState(good).stateRoot;
const goodBlock = SignedBlock.serialize({
  block: { slot: 7, proposerIndex: 1, parentRoot: new Uint8Array(32), stateRoot: new Uint8Array(32), body: { attestations: [] } },
  signature: { attestationSignatures: [], proposerSignature: zeroSignature() },
});

describe("verifyState on bad input", () => {
  test("zero-length and random bytes", () => {
    assert.equal(outcome(() => verifyState(new Uint8Array(0))), "SSZ_TOO_SHORT");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        assert.notEqual(outcome(() => verifyState(bytes)), null);
      }),
      { numRuns: 300 },
    );
  });

  test("random bytes behind a valid first offset", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 228, maxLength: 1200 }), (bytes) => {
        new DataView(bytes.buffer).setUint32(STATE_LAYOUT.offsets, STATE_LAYOUT.fixedSize, true);
        outcome(() => verifyState(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test("every truncation of a valid state fails or yields another root", () => {
    for (let len = 0; len < good.length; len++) {
      let root: string | null = null;
      const code = outcome(() => {
        root = verifyState(good.subarray(0, len)).stateRoot;
      });
      assert.ok(code !== null || root !== goodRoot, `truncated to ${len} bytes and still verified to the same root`);
    }
  });

  test("corrupted bytes (random positions and values) never crash", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = good.slice();
        for (const [at, v] of edits) bytes[at] = v;
        outcome(() => verifyState(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test("a validator index past 2^53 is refused, not hashed inexactly", () => {
    const value = State.deserialize(good);
    const bytes = good.slice();
    const validatorsAt = new DataView(bytes.buffer).getUint32(STATE_LAYOUT.offsets + 8, true);
    bytes.fill(0xee, validatorsAt + 104, validatorsAt + 112); // first validator's index
    assert.equal(value.validators.length, 5);
    assert.equal(outcome(() => verifyState(bytes)), "SSZ_UINT64_RANGE");
  });

  test("a corrupted list offset is caught before decoding", () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(STATE_LAYOUT.offsets + 12, 0x7fffffff, true);
    assert.equal(outcome(() => verifyState(bytes)), "SSZ_BAD_OFFSET");
  });

  test("a bitlist without its delimiter bit is SSZ_INVALID", () => {
    // justifications_validators is the last list: zero its last byte (the delimiter).
    const bytes = good.slice();
    bytes[bytes.length - 1] = 0;
    assert.equal(outcome(() => verifyState(bytes)), "SSZ_INVALID");
    assert.equal(outcome(() => State.deserialize(good)), null);
  });
});

describe("readStateHeader and readSignedBlock on bad input", () => {
  test("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        outcome(() => readStateHeader(bytes));
        assert.notEqual(outcome(() => readSignedBlock(bytes)), null);
      }),
      { numRuns: 500 },
    );
  });

  test("every truncation of a signed block below the block's end fails", () => {
    const blockEnd = new DataView(goodBlock.buffer).getUint32(4, true);
    for (let len = 0; len < blockEnd; len++) {
      assert.notEqual(outcome(() => readSignedBlock(goodBlock.subarray(0, len))), null, `length ${len}`);
    }
    assert.equal(outcome(() => readSignedBlock(goodBlock)), null);
  });

  test("corrupted signed blocks never crash", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(120), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = goodBlock.slice();
        for (const [at, v] of edits) bytes[at] = v;
        outcome(() => readSignedBlock(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
