/**
 * Found by test/fuzz/ssz-readers.test.ts: readSignedBlock accepted a block whose body holds
 * a uint64 past 2^53 (an attestation's slot) and returned the root of the rounded value,
 * which is not the bytes' hash_tree_root. It now refuses it as SSZ_UINT64_RANGE, as the
 * state readers refuse such a uint64 in a state.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readSignedBlock } from "../../../src/lean/state-reader.js";
import { Block, SignedBlock } from "../../../src/lean/types.js";
import { zeroSignature } from "../../../src/lean/xmss.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { BitArray } from "@chainsafe/ssz";

function signedBlockWithAttestationSlot(slot: number): Uint8Array {
  const checkpoint = { root: new Uint8Array(32).fill(3), slot: 4 };
  return SignedBlock.serialize({
    block: {
      slot: 9, proposerIndex: 1, parentRoot: new Uint8Array(32).fill(1), stateRoot: new Uint8Array(32).fill(2),
      body: { attestations: [{ aggregationBits: BitArray.fromBoolArray([true, false, true]), data: { slot, head: checkpoint, target: checkpoint, source: checkpoint } }] },
    },
    signature: { attestationSignatures: [], proposerSignature: zeroSignature() },
  });
}

test("a block whose attestation slot is past 2^53 is refused (SSZ_UINT64_RANGE), not given a rounded root", () => {
  const bytes = signedBlockWithAttestationSlot(8);
  const at = Buffer.from(bytes).indexOf(Buffer.from([8, 0, 0, 0, 0, 0, 0, 0, 3, 3]));
  assert.ok(at > 0, "the attestation slot is in the bytes");
  new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, 2n ** 53n + 1n, true);
  assert.throws(() => readSignedBlock(bytes), (e: unknown) => e instanceof QuorumpointError && e.code === "SSZ_UINT64_RANGE");
});

test("the same block with a representable slot reads, with the reference root", () => {
  const bytes = signedBlockWithAttestationSlot(8);
  const read = readSignedBlock(bytes);
  assert.deepEqual(read.blockRoot, Block.hashTreeRoot(SignedBlock.deserialize(bytes).block));
  assert.equal(read.slot, 9);
});
