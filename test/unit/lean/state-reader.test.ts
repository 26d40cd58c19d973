import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readStateHeader, readSignedBlock, STATE_LAYOUT } from "../../../src/lean/state-reader.js";
import { Block, SignedBlock, State } from "../../../src/lean/types.js";
import type { StateValue } from "../../../src/lean/types.js";
import { zeroSignature } from "../../../src/lean/xmss.js";
import { toHex } from "../../../src/model/hex.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { fromFixtureJson, listSszFixtures, loadFixture } from "./vectors.js";
import { StateDevnet3, VALIDATOR_SIZE_DEVNET3 } from "./devnet3.js";
import { buildStateBytes } from "./build-state.js";

function sszCode(code: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof QuorumpointError, `expected a QuorumpointError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  };
}

/** The header must agree with a full decode of the same bytes. */
function assertHeaderMatches(bytes: Uint8Array, value: StateValue, validatorSize?: number): void {
  const h = readStateHeader(bytes, validatorSize === undefined ? {} : { validatorSize });
  assert.equal(h.genesisTime, value.config.genesisTime);
  assert.equal(h.slot, value.slot);
  assert.deepEqual(
    { ...h.latestBlockHeader, parentRoot: toHex(h.latestBlockHeader.parentRoot), stateRoot: toHex(h.latestBlockHeader.stateRoot), bodyRoot: toHex(h.latestBlockHeader.bodyRoot) },
    { ...value.latestBlockHeader, parentRoot: toHex(value.latestBlockHeader.parentRoot), stateRoot: toHex(value.latestBlockHeader.stateRoot), bodyRoot: toHex(value.latestBlockHeader.bodyRoot) },
  );
  assert.deepEqual({ slot: h.latestJustified.slot, root: toHex(h.latestJustified.root) }, { slot: value.latestJustified.slot, root: toHex(value.latestJustified.root) });
  assert.deepEqual({ slot: h.latestFinalized.slot, root: toHex(h.latestFinalized.root) }, { slot: value.latestFinalized.slot, root: toHex(value.latestFinalized.root) });
  assert.equal(h.historicalBlockHashesCount, value.historicalBlockHashes.length);
  assert.equal(h.validatorCount, value.validators.length);
  assert.equal(h.justificationsRootsCount, value.justificationsRoots.length);
  assert.equal(h.size, bytes.length);
}

describe("readStateHeader on leanSpec states", () => {
  for (const f of listSszFixtures("devnet4/ssz/test_consensus_containers").filter((f) => f.typeName === "State")) {
    test(`devnet4 ${f.id}`, () => assertHeaderMatches(f.serialized, State.deserialize(f.serialized)));
  }
  for (const file of [
    "devnet4/state_transition/test_genesis/test_genesis_default_configuration.json",
    "devnet4/state_transition/test_finalization/test_finalization_on_next_justifiable_step.json",
  ]) {
    test(`devnet4 ${file.split("/").pop()} pre`, () => {
      const value = fromFixtureJson(State, loadFixture(file).pre) as StateValue;
      assertHeaderMatches(State.serialize(value), value);
    });
  }
  for (const f of listSszFixtures("devnet3/ssz/test_consensus_containers").filter((f) => f.typeName === "State")) {
    test(`devnet3 ${f.id}: same fixed part, 60-byte validators`, () => {
      const value = StateDevnet3.deserialize(f.serialized) as unknown as StateValue;
      assertHeaderMatches(f.serialized, value, VALIDATOR_SIZE_DEVNET3);
    });
  }
  test("a built state with history", () => {
    const bytes = buildStateBytes({ history: 500, validators: 16, justifications: 3 });
    assertHeaderMatches(bytes, State.deserialize(bytes));
  });
});

describe("readStateHeader rejects malformed bytes", () => {
  const good = buildStateBytes({ history: 10, validators: 4, justifications: 1 });
  const withOffset = (i: number, v: number): Uint8Array => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(STATE_LAYOUT.offsets + 4 * i, v, true);
    return b;
  };

  test("zero-length and short input", () => {
    assert.throws(() => readStateHeader(new Uint8Array(0)), sszCode("SSZ_TOO_SHORT"));
    assert.throws(() => readStateHeader(good.subarray(0, 227)), sszCode("SSZ_TOO_SHORT"));
  });
  test("first offset other than 228", () => {
    assert.throws(() => readStateHeader(withOffset(0, 229)), sszCode("SSZ_BAD_OFFSET"));
    assert.throws(() => readStateHeader(withOffset(0, 0)), sszCode("SSZ_BAD_OFFSET"));
  });
  test("offsets out of order or past the end", () => {
    const view = new DataView(good.buffer, good.byteOffset);
    const third = view.getUint32(STATE_LAYOUT.offsets + 8, true);
    assert.throws(() => readStateHeader(withOffset(3, third - 1)), sszCode("SSZ_BAD_OFFSET"));
    assert.throws(() => readStateHeader(withOffset(4, good.length + 1)), sszCode("SSZ_BAD_OFFSET"));
    assert.throws(() => readStateHeader(withOffset(2, 0xffffffff)), sszCode("SSZ_BAD_OFFSET"));
  });
  test("truncated lists: the last offset passes the new end", () => {
    assert.throws(() => readStateHeader(good.subarray(0, 300)), sszCode("SSZ_BAD_OFFSET"));
  });
  test("a list section that is not whole elements", () => {
    const view = new DataView(good.buffer, good.byteOffset);
    const second = view.getUint32(STATE_LAYOUT.offsets + 4, true);
    assert.throws(() => readStateHeader(withOffset(1, second - 1)), sszCode("SSZ_BAD_LENGTH"));
  });
  test("an empty bitlist (no delimiter byte)", () => {
    const view = new DataView(good.buffer, good.byteOffset);
    assert.throws(() => readStateHeader(withOffset(1, view.getUint32(STATE_LAYOUT.offsets + 8, true))), sszCode("SSZ_BAD_LENGTH"));
  });
  test("a uint64 past 2^53", () => {
    const b = good.slice();
    b.fill(0xff, STATE_LAYOUT.slot, STATE_LAYOUT.slot + 8);
    assert.throws(() => readStateHeader(b), sszCode("SSZ_UINT64_RANGE"));
  });
  test("roots are copies: changing the buffer later does not change them", () => {
    const b = good.slice();
    const h = readStateHeader(b);
    const before = toHex(h.latestBlockHeader.parentRoot);
    b.fill(0x77);
    assert.equal(toHex(h.latestBlockHeader.parentRoot), before);
    assert.equal(h.latestBlockHeader.parentRoot.buffer.byteLength, 32);
  });
});

describe("readSignedBlock", () => {
  test("signed_block_minimal vector: fields and block root", () => {
    const f = listSszFixtures("devnet4/ssz/test_consensus_containers").find((f) => f.id === "test_signed_block_minimal")!;
    const decoded = SignedBlock.deserialize(f.serialized);
    const r = readSignedBlock(f.serialized);
    assert.equal(r.slot, 1);
    assert.equal(r.proposerIndex, 0);
    assert.equal(toHex(r.blockRoot), toHex(Block.hashTreeRoot(decoded.block)));
  });

  for (const file of ["test_all_four_validators_attesting", "test_proposer_signature", "test_multiple_attestation_groups_same_data"]) {
    test(`verify_signatures ${file}: real prod-XMSS SignedBlock`, () => {
      const json = loadFixture(`devnet4/verify_signatures/test_valid_signatures/${file}.json`).signedBlock as Record<string, unknown>;
      const value = fromFixtureJson(SignedBlock, json) as ReturnType<typeof SignedBlock.defaultValue>;
      const bytes = SignedBlock.serialize(value);
      const r = readSignedBlock(bytes);
      const block = json.block as { slot: number; proposerIndex: number; parentRoot: string; stateRoot: string };
      assert.equal(r.slot, block.slot);
      assert.equal(r.proposerIndex, block.proposerIndex);
      assert.equal(toHex(r.parentRoot), block.parentRoot);
      assert.equal(toHex(r.stateRoot), block.stateRoot);
      assert.equal(toHex(r.blockRoot), toHex(Block.hashTreeRoot(value.block)));
    });
  }

  test("chain fixtures: blocks[i+1].parentRoot = root read from blocks[i]", () => {
    const c = loadFixture("devnet4/state_transition/test_finalization/test_finalization_on_next_justifiable_step.json");
    const blocks = c.blocks as unknown[];
    assert.ok(blocks.length >= 2);
    for (let i = 0; i + 1 < blocks.length; i++) {
      const block = fromFixtureJson(Block, blocks[i]) as ReturnType<typeof Block.defaultValue>;
      const bytes = SignedBlock.serialize({ block, signature: { attestationSignatures: [], proposerSignature: zeroSignature() } });
      assert.equal(toHex(readSignedBlock(bytes).blockRoot), (blocks[i + 1] as { parentRoot: string }).parentRoot, `block ${i}`);
    }
  });

  test("malformed signed blocks", () => {
    const f = listSszFixtures("devnet4/ssz/test_consensus_containers").find((f) => f.id === "test_signed_block_minimal")!;
    const good = f.serialized;
    assert.throws(() => readSignedBlock(new Uint8Array(0)), sszCode("SSZ_TOO_SHORT"));
    assert.throws(() => readSignedBlock(good.subarray(0, 50)), sszCode("SSZ_TOO_SHORT"));
    const badFirst = good.slice();
    new DataView(badFirst.buffer).setUint32(0, 12, true);
    assert.throws(() => readSignedBlock(badFirst), sszCode("SSZ_BAD_OFFSET"));
    const pastEnd = good.slice();
    new DataView(pastEnd.buffer).setUint32(4, good.length + 1, true);
    assert.throws(() => readSignedBlock(pastEnd), sszCode("SSZ_BAD_OFFSET"));
    const badBody = good.slice();
    new DataView(badBody.buffer).setUint32(8 + 80, 90, true); // body offset inside the block
    assert.throws(() => readSignedBlock(badBody), sszCode("SSZ_INVALID"));
  });
});
