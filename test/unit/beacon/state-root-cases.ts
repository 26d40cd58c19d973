/**
 * The from-bytes BeaconState root's tests, for whichever preset the importing test file
 * loaded (one preset per process): on random states of every fork it must equal both
 * @lodestar/types' value root and its tree view's root, and bad bytes must be SSZ errors.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { beaconStateFieldRoots, beaconStateRootFromBytes } from "../../../src/beacon/state-root-from-bytes.js";
import { beaconStateRootViaViewDU } from "../../../src/beacon/state-root-view.js";
import { fixedFieldOffsets, type BeaconTypes, type SszContainer } from "../../../src/beacon/ssz-types.js";
import { BEACON_FORKS, type BeaconFork } from "../../../src/model/beacon.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { exactRoot } from "../../../src/merkle/exact-type.js";
import { Rng, randomValue } from "../../support/ssz-random.js";
import { codeOf } from "../../support/error-code.js";

// biome-ignore lint/suspicious/noExplicitAny: a BeaconState of any fork
type AnyValue = any;

/** The per-validator lists, given the same length as the registry in a consistent state. */
const PER_VALIDATOR = ["validators", "balances", "previousEpochParticipation", "currentEpochParticipation", "inactivityScores"];

export interface StateRootCaseOptions {
  /** fast-check runs per fork. */
  runs: number;
  /** The longest of the other lists. */
  maxLength: number;
}

function stateType(types: BeaconTypes, fork: BeaconFork) {
  return types.ssz[fork].BeaconState as unknown as { serialize(v: AnyValue): Uint8Array; hashTreeRoot(v: AnyValue): Uint8Array; fields: Record<string, unknown> };
}

/** A random state of `fork`: `validators` records, and every other list of its own random length (the per-validator ones too when `consistent` is false). */
export function randomState(types: BeaconTypes, fork: BeaconFork, seed: number, validators: number, consistent: boolean, maxLength: number): { value: AnyValue; bytes: Uint8Array } {
  const type = stateType(types, fork);
  const lengths = consistent ? Object.fromEntries(PER_VALIDATOR.map((n) => [n, validators])) : { validators };
  const value = randomValue(types.ssz[fork].BeaconState as never, new Rng(seed), { maxLength, lengths });
  return { value, bytes: type.serialize(value) };
}

/** Where the fixed part holds the offset of `field`. */
function offsetWordOf(types: BeaconTypes, fork: BeaconFork, field: string): number {
  return types.forks[fork].stateFieldOffsets[field]!;
}

/** Bytes of `bytes` with the uint64 at `at` set to `value`. */
function withUint64(bytes: Uint8Array, at: number, value: bigint): Uint8Array {
  const b = bytes.slice();
  new DataView(b.buffer).setBigUint64(at, value, true);
  return b;
}

export function defineStateRootCases(types: BeaconTypes, o: StateRootCaseOptions): void {
  const validatorCounts = fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.nat({ max: 40 }), fc.nat({ max: 20 }).map((n) => 2 * n + 1));

  for (const fork of BEACON_FORKS) {
    describe(`${fork} (${types.preset}): the root from the bytes`, () => {
      test("equals the library's value root and its tree view's, on random states", () => {
        fc.assert(
          fc.property(fc.integer(), validatorCounts, fc.boolean(), (seed, n, consistent) => {
            const { value, bytes } = randomState(types, fork, seed, n, consistent, o.maxLength);
            const root = toHex(beaconStateRootFromBytes(bytes, fork, types));
            assert.equal(root, toHex(stateType(types, fork).hashTreeRoot(value)));
            assert.equal(root, toHex(beaconStateRootViaViewDU(bytes, fork, types)));
          }),
          { numRuns: o.runs },
        );
      });

      test("offsets out of order, past the end or not ending the fixed part, and truncation, are SSZ errors", () => {
        const { bytes } = randomState(types, fork, 7, 5, true, 3);
        const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
        const first = offsetWordOf(types, fork, "historicalRoots");
        const validators = offsetWordOf(types, fork, "validators");
        const balances = offsetWordOf(types, fork, "balances");
        const edit = (at: number, value: number) => {
          const b = bytes.slice();
          view(b).setUint32(at, value, true);
          return b;
        };
        const root = (b: Uint8Array) => beaconStateRootFromBytes(b, fork, types);
        assert.equal(codeOf(() => root(edit(first, view(bytes).getUint32(first, true) + 1))), "SSZ_BAD_OFFSET");
        assert.equal(codeOf(() => root(edit(validators, bytes.length + 1))), "SSZ_BAD_OFFSET");
        assert.equal(codeOf(() => root(edit(balances, view(bytes).getUint32(validators, true) - 1))), "SSZ_BAD_OFFSET");
        // One byte more for the validators, one less for the balances: neither is whole.
        assert.equal(codeOf(() => root(edit(balances, view(bytes).getUint32(balances, true) + 1))), "SSZ_INVALID");
        for (const cut of [0, 100, first + 3, Math.floor(bytes.length / 2)]) {
          assert.match(codeOf(() => root(bytes.subarray(0, cut))), /^SSZ_/, `cut at ${cut}`);
        }
        // Where the last field ends in a byte list (bellatrix on: extra_data), one byte less is another valid state.
        try {
          assert.notEqual(toHex(root(bytes.subarray(0, bytes.length - 1))), toHex(root(bytes)));
        } catch (e) {
          assert.ok(e instanceof QuorumpointError && e.code.startsWith("SSZ_"), String(e));
        }
      });

      test("a validator's slashed byte past 1 is SSZ_INVALID", () => {
        const { bytes } = randomState(types, fork, 8, 2, true, 3);
        const b = bytes.slice();
        b[new DataView(b.buffer).getUint32(offsetWordOf(types, fork, "validators"), true) + 121 + 88] = 2;
        assert.equal(codeOf(() => beaconStateRootFromBytes(b, fork, types)), "SSZ_INVALID");
      });
    });
  }

  test("a uint64 past 2^53 in a field the library hashes (the execution payload header's timestamp) is hashed as its bytes", () => {
    const fork = "fulu";
    const { bytes } = randomState(types, fork, 10, 2, true, 2);
    const headerType = (types.ssz[fork].BeaconState as unknown as { fields: { latestExecutionPayloadHeader: SszContainer } }).fields.latestExecutionPayloadHeader;
    const at = new DataView(bytes.buffer).getUint32(offsetWordOf(types, fork, "latestExecutionPayloadHeader"), true) + fixedFieldOffsets(headerType).timestamp!;
    const roots = [2n ** 60n, 2n ** 60n + 1n].map((t) => {
      const b = withUint64(bytes, at, t);
      const root = toHex(beaconStateRootFromBytes(b, fork, types));
      assert.equal(root, toHex(exactRoot(types.ssz[fork].BeaconState as never, b)), String(t));
      return root;
    });
    assert.notEqual(roots[0], roots[1]);
  });

  test("a validator uint64 past 2^53 is hashed as its bytes: exact where decoded numbers round", () => {
    const fork = "fulu";
    const { bytes } = randomState(types, fork, 9, 3, true, 2);
    const exitEpoch = new DataView(bytes.buffer).getUint32(offsetWordOf(types, fork, "validators"), true) + 121 + 105;
    const withEpoch = (epoch: bigint) => {
      const b = bytes.slice();
      new DataView(b.buffer).setBigUint64(exitEpoch, epoch, true);
      return b;
    };
    // The reference: the same list with every uint64 a bigint, which the library hashes exactly.
    const validatorsType = (types.ssz[fork].BeaconState as unknown as { fields: { validators: never } }).fields.validators;
    for (const epoch of [2n ** 60n, 2n ** 60n + 1n, 2n ** 64n - 2n]) {
      const b = withEpoch(epoch);
      const at = new DataView(b.buffer).getUint32(offsetWordOf(types, fork, "validators"), true);
      const listBytes = b.subarray(at, at + 3 * 121);
      const fields = beaconStateFieldRoots(b, fork, types);
      assert.equal(toHex(fields.find((f) => f.name === "validators")!.root), toHex(exactRoot(validatorsType, listBytes)), String(epoch));
    }
    for (const epoch of [2n ** 60n, 2n ** 60n + 1n]) {
      const b = withEpoch(epoch);
      assert.equal(toHex(beaconStateRootFromBytes(b, fork, types)), toHex(exactRoot(types.ssz[fork].BeaconState as never, b)), String(epoch));
    }
    assert.notEqual(toHex(beaconStateRootFromBytes(withEpoch(2n ** 60n), fork, types)), toHex(beaconStateRootFromBytes(withEpoch(2n ** 60n + 1n), fork, types)));
  });
}
