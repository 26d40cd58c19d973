/**
 * packedContainersRoot and the plans of src/merkle must give exactly @chainsafe/ssz's roots:
 * containers of every field shape the packer takes (booleans, small uints, byte vectors of
 * one chunk and of several), one at a time and in lists across batch boundaries.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  BitVectorType,
  BooleanType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  VectorBasicType,
  VectorCompositeType,
  type Type,
} from "@chainsafe/ssz";
import { digest64 } from "@chainsafe/persistent-merkle-tree";
import { useFastHasher } from "../../../src/lean/hasher.js";
import { chunksRoot, mixInLength, packedContainersRoot, packedLayout, planOf, rootByPlan } from "../../../src/merkle/index.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { Rng, randomValue } from "../../support/ssz-random.js";

useFastHasher();

// biome-ignore lint/suspicious/noExplicitAny: any SSZ type
type AnyType = Type<any>;

/** Field types the packer handles, by kind. */
const FIELD_TYPES: AnyType[] = [
  new BooleanType(),
  new UintNumberType(1),
  new UintNumberType(2),
  new UintNumberType(8),
  new UintBigintType(8),
  new UintBigintType(32),
  new ByteVectorType(4),
  new ByteVectorType(20),
  new ByteVectorType(32),
  new ByteVectorType(48),
  new ByteVectorType(64),
  new ByteVectorType(96),
  new ByteVectorType(100),
];

function containerOf(picks: number[]): ContainerType<Record<string, AnyType>> {
  return new ContainerType(Object.fromEntries(picks.map((p, i) => [`f${i}`, FIELD_TYPES[p]!])));
}

function rootOf(type: AnyType, bytes: Uint8Array): string {
  return toHex(rootByPlan(planOf(type), bytes, "value"));
}

describe("packed containers", () => {
  const shape = fc.array(fc.nat({ max: FIELD_TYPES.length - 1 }), { minLength: 1, maxLength: 9 });

  test("one container of any packable shape: its library root", () => {
    fc.assert(
      fc.property(shape, fc.integer(), (picks, seed) => {
        const type = containerOf(picks);
        const value = randomValue(type, new Rng(seed));
        const bytes = type.serialize(value);
        assert.equal(planOf(type).kind, "containers");
        assert.equal(rootOf(type, bytes), toHex(type.hashTreeRoot(value)));
      }),
      { numRuns: 200 },
    );
  });

  test("lists and vectors of them, short and long: their library roots", () => {
    fc.assert(
      fc.property(shape, fc.integer(), fc.nat({ max: 40 }), fc.nat({ max: 9 }), (picks, seed, length, limitLog) => {
        const element = containerOf(picks);
        const limit = Math.max(length, 2 ** limitLog);
        const list = new ListCompositeType(element, limit);
        const value = randomValue(list, new Rng(seed), { maxLength: length });
        assert.equal(rootOf(list, list.serialize(value)), toHex(list.hashTreeRoot(value)));
        if (length > 0) {
          const vector = new VectorCompositeType(element, length);
          const v = randomValue(vector, new Rng(seed));
          assert.equal(rootOf(vector, vector.serialize(v)), toHex(vector.hashTreeRoot(v)));
        }
      }),
      { numRuns: 150 },
    );
  });

  // A batch is 4096 containers: at, just under, just past, and past two.
  for (const length of [4095, 4096, 4097, 8193]) {
    test(`a list of ${length} validator-shaped containers (across the batch boundary)`, () => {
      const element = containerOf([10, 8, 3, 0, 3, 3, 3, 3]);
      const list = new ListCompositeType(element, 2 ** 40);
      const value = randomValue(list, new Rng(length), { lengths: { validators: length } }, "validators");
      assert.equal(value.length, length);
      assert.equal(rootOf(list, list.serialize(value)), toHex(list.hashTreeRoot(value)));
    });
  }

  test("a boolean that is not 0 or 1, a partial container, a list over its limit: SSZ_INVALID", () => {
    const element = containerOf([3, 0]);
    const list = new ListCompositeType(element, 3);
    const bytes = list.serialize([{ f0: 1, f1: true }, { f0: 2, f1: false }]);
    const code = (b: Uint8Array) => assert.throws(() => rootOf(list, b), (e: unknown) => e instanceof QuorumpointError && e.code === "SSZ_INVALID");
    const bad = bytes.slice();
    bad[17] = 2;
    code(bad);
    code(bytes.subarray(0, 17));
    code(new Uint8Array(9 * 4));
    const layout = packedLayout([{ size: 8 }, { size: 1, boolean: true }]);
    assert.equal(layout.size, 9);
    assert.throws(() => packedContainersRoot(bytes.subarray(0, 10), layout, 4), QuorumpointError);
  });
});

describe("plans and chunked roots", () => {
  test("each type gets the plan it should", () => {
    const kinds: Array<[AnyType, string]> = [
      [new UintNumberType(8), "chunks"],
      [new ByteVectorType(48), "chunks"],
      [new ListBasicType(new UintNumberType(8), 2 ** 40), "chunks"],
      [new VectorBasicType(new UintNumberType(8), 64), "chunks"],
      [new VectorCompositeType(new ByteVectorType(32), 64), "chunks"],
      [new ListCompositeType(new ByteVectorType(32), 64), "chunks"],
      [new ListCompositeType(containerOf([3, 9]), 64), "containers"],
      [new ListCompositeType(new ByteVectorType(48), 64), "library"],
      [new BitVectorType(4), "library"],
      [new ContainerType({ a: new ListBasicType(new UintNumberType(8), 4) }), "library"],
    ];
    for (const [type, kind] of kinds) assert.equal(planOf(type).kind, kind, type.typeName);
  });

  test("basic lists and vectors of any element size and length: their library roots", () => {
    const elements = [new UintNumberType(1), new UintNumberType(2), new UintNumberType(4), new UintNumberType(8), new UintBigintType(16), new BooleanType()];
    fc.assert(
      fc.property(fc.nat({ max: elements.length - 1 }), fc.nat({ max: 300 }), fc.integer(), (e, length, seed) => {
        const list = new ListBasicType(elements[e]!, Math.max(1, length * 2));
        const value = randomValue(list, new Rng(seed), { maxLength: length });
        assert.equal(rootOf(list, list.serialize(value)), toHex(list.hashTreeRoot(value)));
        if (length > 0) {
          const vector = new VectorBasicType(elements[e]!, length);
          const v = randomValue(vector, new Rng(seed));
          assert.equal(rootOf(vector, vector.serialize(v)), toHex(vector.hashTreeRoot(v)));
        }
      }),
      { numRuns: 200 },
    );
  });

  test("a basic list of booleans holds them to 0 or 1; a list's length mixes in past 2^32", () => {
    const list = new ListBasicType(new BooleanType(), 8);
    assert.throws(() => rootOf(list, Uint8Array.of(1, 0, 2)), (e: unknown) => e instanceof QuorumpointError && e.code === "SSZ_INVALID");
    const root = chunksRoot(Uint8Array.of(7), 1);
    const length = new Uint8Array(32);
    new DataView(length.buffer).setBigUint64(0, 2n ** 40n + 3n, true);
    assert.equal(toHex(mixInLength(root, 2 ** 40 + 3)), toHex(digest64(root, length)));
  });
});
