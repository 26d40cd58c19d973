import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { blockRootOf, checkBlockMatchesState, newStateDigest, stateDigest, verifyState, verifyStateWithDigest } from "../../../src/lean/verify.js";
import { readSignedBlock, readStateHeader } from "../../../src/lean/state-reader.js";
import { Block, BlockBody, BlockHeader, SignedBlock, State } from "../../../src/lean/types.js";
import type { BlockValue, StateValue } from "../../../src/lean/types.js";
import { zeroSignature } from "../../../src/lean/xmss.js";
import { toHex } from "../../../src/model/hex.js";
import { VECTORS_DIR } from "../../support/paths.js";
import { fromFixtureJson, listSszFixtures, loadFixture } from "./vectors.js";
import { StateDevnet3, VALIDATOR_SIZE_DEVNET3 } from "./devnet3.js";
import { buildState } from "./build-state.js";

const GENESIS_4_STATE_ROOT = "0xde06920f4007f9d3925ba77bfdc1e0fa970537181be1d99a96e7c3880c7d4c3f";
const GENESIS_4_BLOCK_ROOT = "0xd123d3d19ba32a08df9b3bf9e55e4447d1a3a3b4f905583d013b8f05c77d585e";
const GENESIS_1_BLOCK_ROOT = "0x63e523ad82fb38844a4e481c30fa1d476735dc913a62398e32080510862637c9";
const DEVNET3_GENESIS_4_STATE_ROOT = "0x3b5d9432f27ccd30f13fee1fd226575f0f73d5207dfa2c6ee9614adbd8730add";
const DEVNET3_GENESIS_4_BLOCK_ROOT = "0x1210030f69c4c69dbe89bed55117e3813863e7ca853bc4fe004e096c860d299e";

function signedBlockBytes(block: BlockValue): Uint8Array {
  return SignedBlock.serialize({ block, signature: { attestationSignatures: [], proposerSignature: zeroSignature() } });
}

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(path.join(VECTORS_DIR, dir))) {
    for (const name of readdirSync(path.join(VECTORS_DIR, dir, sub))) out.push(path.join(dir, sub, name));
  }
  return out.sort();
}

describe("verifyState on leanSpec State vectors", () => {
  for (const f of listSszFixtures("devnet4/ssz/test_consensus_containers").filter((f) => f.typeName === "State")) {
    test(f.id, () => {
      const v = verifyState(f.serialized);
      assert.equal(v.stateRoot, f.root);
      assert.equal(v.digest, "0x" + createHash("sha256").update(f.serialized).digest("hex"));
      assert.equal(v.size, f.serialized.length);
      const value = State.deserialize(f.serialized);
      assert.equal(v.slot, value.slot);
      assert.equal(v.genesisTime, value.config.genesisTime);
      assert.deepEqual(v.stateFinalized, { slot: value.latestFinalized.slot, root: toHex(value.latestFinalized.root) });
      assert.deepEqual(v.stateJustified, { slot: value.latestJustified.slot, root: toHex(value.latestJustified.root) });
      // A zeroed header state_root is filled with the state root; a filled one is kept.
      const h = value.latestBlockHeader;
      const filled = h.stateRoot.every((b) => b === 0) ? { ...h, stateRoot: State.hashTreeRoot(value) } : h;
      assert.deepEqual(v.finalized, { slot: h.slot, root: toHex(BlockHeader.hashTreeRoot(filled)) });
    });
  }
});

describe("genesis roots implied by the state_transition, fork_choice and verify_signatures fixtures", () => {
  test("4 validators, genesisTime 0: htr(pre) and the genesis header root", () => {
    const pre = loadFixture("devnet4/state_transition/test_genesis/test_genesis_default_configuration.json").pre;
    const v = verifyState(State.serialize(fromFixtureJson(State, pre) as StateValue));
    assert.equal(v.stateRoot, GENESIS_4_STATE_ROOT);
    assert.deepEqual(v.finalized, { slot: 0, root: GENESIS_4_BLOCK_ROOT });
  });

  test("1 validator: the genesis header root", () => {
    const pre = loadFixture("devnet4/state_transition/test_genesis/test_genesis_single_validator.json").pre;
    assert.equal(verifyState(State.serialize(fromFixtureJson(State, pre) as StateValue)).finalized.root, GENESIS_1_BLOCK_ROOT);
  });

  const files = [...fixtureFiles("devnet4/state_transition"), ...fixtureFiles("devnet4/verify_signatures")];
  for (const file of files) {
    const c = loadFixture(file);
    const blocks = (c.blocks as { parentRoot: string }[] | undefined) ?? [];
    const signed = c.signedBlock as { block: { parentRoot: string } } | undefined;
    const parentRoot = blocks[0]?.parentRoot ?? signed?.block.parentRoot;
    if (parentRoot === undefined) continue;
    test(`${path.basename(file)}: first block's parentRoot = finalized root of pre`, () => {
      const pre = (c.pre ?? c.anchorState) as unknown;
      const v = verifyState(State.serialize(fromFixtureJson(State, pre) as StateValue));
      assert.equal(v.finalized.root, parentRoot);
    });
  }

  test("fork_choice anchor: anchorBlock.stateRoot = htr(anchorState); the anchor block matches the state", () => {
    const c = loadFixture("devnet4/fork_choice/test_attestation_target_selection/test_attestation_target_at_genesis_initially.json");
    const v = verifyState(State.serialize(fromFixtureJson(State, c.anchorState) as StateValue));
    const anchorBlock = fromFixtureJson(Block, c.anchorBlock) as BlockValue;
    assert.equal(v.stateRoot, toHex(anchorBlock.stateRoot));
    assert.equal(v.stateRoot, GENESIS_4_STATE_ROOT);
    assert.equal(toHex(Block.hashTreeRoot(anchorBlock)), v.finalized.root);
    assert.equal(checkBlockMatchesState(readSignedBlock(signedBlockBytes(anchorBlock)), v), null);
  });

  test("devnet3 genesis (4 validators): state root and header root with the devnet-3 schema", () => {
    const c = loadFixture("devnet3/state_transition/test_block_processing/test_process_first_block_after_genesis.json");
    const bytes = StateDevnet3.serialize(fromFixtureJson(StateDevnet3, c.pre) as ReturnType<typeof StateDevnet3.defaultValue>);
    assert.equal(toHex(StateDevnet3.hashTreeRoot(StateDevnet3.deserialize(bytes))), DEVNET3_GENESIS_4_STATE_ROOT);
    const header = readStateHeader(bytes, { validatorSize: VALIDATOR_SIZE_DEVNET3 });
    const root = toHex(blockRootOf(header.latestBlockHeader, StateDevnet3.hashTreeRoot(StateDevnet3.deserialize(bytes))));
    assert.equal(root, DEVNET3_GENESIS_4_BLOCK_ROOT);
    assert.equal((c.blocks as { parentRoot: string }[])[0]!.parentRoot, DEVNET3_GENESIS_4_BLOCK_ROOT);
  });
});

describe("a state built with the State type", () => {
  const value = buildState({ history: 400, validators: 12, justifications: 4, seed: 9 });
  value.latestBlockHeader.bodyRoot = BlockBody.hashTreeRoot({ attestations: [] });
  const bytes = State.serialize(value);
  const verified = verifyState(bytes);

  test("verifies: state root and the finalized root = htr(header with state_root filled in)", () => {
    const stateRoot = State.hashTreeRoot(value);
    assert.equal(verified.stateRoot, toHex(stateRoot));
    assert.equal(toHex(State.deserializeToViewDU(bytes).hashTreeRoot()), verified.stateRoot);
    const header = { ...value.latestBlockHeader, stateRoot };
    assert.deepEqual(verified.finalized, { slot: value.latestBlockHeader.slot, root: toHex(BlockHeader.hashTreeRoot(header)) });
    assert.equal(verified.slot, 400);
  });

  test("verifyStateWithDigest takes the digest as given; the streaming digest equals the one-shot digest", () => {
    const d = newStateDigest();
    for (let i = 0; i < bytes.length; i += 1000) d.update(bytes.subarray(i, i + 1000));
    const streamed = d.finish();
    assert.equal(streamed, stateDigest(bytes));
    assert.match(streamed, /^0x[0-9a-f]{64}$/);
    assert.deepEqual(verifyStateWithDigest(bytes, streamed), verified);
    assert.equal(verifyStateWithDigest(bytes, "0xabc").digest, "0xabc");
  });

  test("a different state gives different roots", () => {
    const other = buildState({ history: 400, validators: 12, justifications: 4, seed: 10 });
    const v2 = verifyState(State.serialize(other));
    assert.notEqual(v2.stateRoot, verified.stateRoot);
    assert.notEqual(v2.finalized.root, verified.finalized.root);
  });

  describe("checkBlockMatchesState", () => {
    const h = value.latestBlockHeader;
    const block = (over: Partial<BlockValue> = {}): BlockValue => ({
      slot: h.slot,
      proposerIndex: h.proposerIndex,
      parentRoot: h.parentRoot,
      stateRoot: State.hashTreeRoot(value),
      body: { attestations: [] },
      ...over,
    });
    test("the block the state is the post-state of matches", () => {
      assert.equal(checkBlockMatchesState(readSignedBlock(signedBlockBytes(block())), verified), null);
    });
    test("a block with another state root does not", () => {
      const reason = checkBlockMatchesState(readSignedBlock(signedBlockBytes(block({ stateRoot: new Uint8Array(32).fill(1) }))), verified);
      assert.match(reason ?? "", /state_root/);
    });
    test("a block at another slot does not", () => {
      const reason = checkBlockMatchesState(readSignedBlock(signedBlockBytes(block({ slot: h.slot + 1 }))), verified);
      assert.match(reason ?? "", /slot/);
    });
    test("a block with another body (same slot and state root) does not", () => {
      const other = block({ proposerIndex: h.proposerIndex + 1 });
      const reason = checkBlockMatchesState(readSignedBlock(signedBlockBytes(other)), verified);
      assert.match(reason ?? "", /block root/);
    });
  });
});
