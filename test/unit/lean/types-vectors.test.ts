import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CompositeType } from "@chainsafe/ssz";
import type { Type } from "@chainsafe/ssz";
import * as types from "../../../src/lean/types.js";
import * as xmss from "../../../src/lean/xmss.js";
import { fromFixtureJson, listSszFixtures } from "./vectors.js";
import type { SszFixture } from "./vectors.js";

const hex = (b: Uint8Array): string => "0x" + Buffer.from(b).toString("hex");

/** The fixture typeName -> our type. Every devnet-4 container fixture must be covered. */
const DEVNET4_TYPES: Record<string, Type<unknown>> = {
  Config: types.Config,
  Checkpoint: types.Checkpoint,
  BlockHeader: types.BlockHeader,
  Validator: types.Validator,
  State: types.State,
  AttestationData: types.AttestationData,
  Attestation: types.Attestation,
  SignedAttestation: types.SignedAttestation,
  AggregatedAttestation: types.AggregatedAttestation,
  SignedAggregatedAttestation: types.SignedAggregatedAttestation,
  BlockBody: types.BlockBody,
  Block: types.Block,
  BlockSignatures: types.BlockSignatures,
  SignedBlock: types.SignedBlock,
  AggregatedSignatureProof: types.AggregatedSignatureProof,
  Signature: xmss.Signature,
  PublicKey: xmss.PublicKey,
  HashTreeOpening: xmss.HashTreeOpening,
  HashTreeLayer: xmss.HashTreeLayer,
} as Record<string, Type<unknown>>;

function checkFixture(type: Type<unknown>, f: SszFixture): void {
  const value = type.deserialize(f.serialized);
  assert.equal(hex(type.serialize(value)), hex(f.serialized), "deserialize -> serialize round trip");
  if (f.root !== undefined) {
    assert.equal(hex(type.hashTreeRoot(value)), f.root, "hash_tree_root");
    if (type instanceof CompositeType) {
      const viewRoot = (type as CompositeType<unknown, unknown, { hashTreeRoot(): Uint8Array }>).deserializeToViewDU(f.serialized).hashTreeRoot();
      assert.equal(hex(viewRoot), f.root, "hash_tree_root through a ViewDU");
    }
  }
  // The JSON value must describe the same bytes.
  const fromJson = fromFixtureJson(type, f.value);
  assert.equal(hex(type.serialize(fromJson)), hex(f.serialized), "JSON value -> serialize");
}

for (const dir of ["devnet4/ssz/test_consensus_containers", "devnet4/ssz/test_xmss_containers"]) {
  describe(`leanSpec vectors: ${dir}`, () => {
    const fixtures = listSszFixtures(dir);
    test("there are vectors to check", () => assert.ok(fixtures.length > 10));
    for (const f of fixtures) {
      test(`${f.id} (${f.typeName})`, () => {
        const type = DEVNET4_TYPES[f.typeName];
        assert.ok(type, `no type for ${f.typeName}`);
        checkFixture(type, f);
      });
    }
  });
}
