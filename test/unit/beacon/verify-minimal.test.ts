/**
 * Beacon state and block verification, every fork phase0..fulu, minimal preset (one
 * preset per process: verify-mainnet.test.ts has the other).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { beaconStateRoot, checkpointStateMatches, verifyBeaconState } from "../../../src/beacon/verify-state.js";
import { blockMatchesState, readSignedBeaconBlock } from "../../../src/beacon/verify-block.js";
import { BEACON_FORKS, type BeaconNetwork } from "../../../src/model/beacon.js";
import { blockRootAtSlot, BEACON_STATE_LAYOUT } from "../../../src/model/beacon-state-layout.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { makeBeaconNetwork } from "../../support/beacon-network.js";
import { headerValue, makeBeaconState, makeSignedBeaconBlock } from "../../support/beacon-state.js";
import { exactRoot } from "../../../src/merkle/exact-type.js";
import { codeOf } from "../../support/error-code.js";

const types = await loadBeaconTypes("minimal");
const network = makeBeaconNetwork({ preset: "minimal" });
const SPE = network.slotsPerEpoch;

function root(byte: number): string {
  return "0x" + byte.toString(16).padStart(2, "0").repeat(32);
}

test("the types are the minimal preset's, and the other preset is refused in this thread", async () => {
  assert.equal(types.slotsPerEpoch, 8);
  assert.equal(types.slotsPerHistoricalRoot, 64);
  assert.equal(await loadBeaconTypes("minimal"), types);
  await assert.rejects(loadBeaconTypes("mainnet"), (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_BEACON_PRESET");
});

test("the fixed byte layout is where the types put those fields, in every fork", () => {
  for (const fork of BEACON_FORKS) {
    const o = types.forks[fork].stateFieldOffsets;
    const L = BEACON_STATE_LAYOUT;
    assert.deepEqual(
      [o.genesisTime, o.genesisValidatorsRoot, o.slot, o.fork, o.latestBlockHeader, o.blockRoots],
      [L.genesisTime, L.genesisValidatorsRoot, L.slot, L.fork, L.latestBlockHeader, L.blockRoots],
      fork,
    );
  }
});

for (const [i, fork] of BEACON_FORKS.entries()) {
  describe(`${fork} (minimal)`, () => {
    const slot = i * SPE + 3;
    const finalized = { epoch: Math.max(0, i - 2), root: root(0xa0 + i) };
    const s = makeBeaconState({ types, network, slot, validators: 5, seed: i + 1, finalized, blockRoots: { [slot - 2]: root(0xb0 + i) } });

    test("the state root and block root are computed from the bytes", () => {
      assert.equal(s.fork, fork);
      const v = verifyBeaconState(s.bytes, network, types);
      assert.equal(v.fork, fork);
      assert.equal(v.slot, slot);
      assert.equal(v.stateRoot, toHex(types.ssz[fork].BeaconState.hashTreeRoot(s.value)));
      const header = headerValue({ ...s.value.latestBlockHeader, stateRoot: types.ssz[fork].BeaconState.hashTreeRoot(s.value) });
      assert.equal(v.blockRoot, toHex(types.ssz.phase0.BeaconBlockHeader.hashTreeRoot(header)));
      assert.equal(v.blockRoot, s.block.root);
      assert.equal(v.blockSlot, slot);
      assert.equal(v.blockStateRoot, v.stateRoot);
      assert.deepEqual(v.finalized, finalized);
      assert.deepEqual(v.currentJustified, { epoch: 0, root: toHex(s.value.currentJustifiedCheckpoint.root) });
      assert.deepEqual(v.previousJustified, { epoch: 0, root: toHex(s.value.previousJustifiedCheckpoint.root) });
      assert.equal(v.genesisTime, network.genesisTime);
      assert.equal(v.genesisValidatorsRoot, network.genesisValidatorsRoot);
      assert.equal(v.size, s.bytes.length);
      assert.equal(toHex(beaconStateRoot(s.bytes, fork, types)), s.root);
    });

    test("the epoch-boundary state: a block before skipped slots, advanced to the epoch's first slot", () => {
      const boundary = (i + 1) * SPE;
      const blockSlot = boundary - 3;
      const b = makeBeaconState({ types, network, slot: boundary, blockSlot, seed: i + 1 });
      const v = verifyBeaconState(b.bytes, network, types);
      assert.equal(v.slot, boundary);
      assert.equal(v.blockSlot, blockSlot);
      assert.equal(v.stateRoot, b.root);
      assert.notEqual(v.blockStateRoot, v.stateRoot, "the header keeps the block's post-state root");
      assert.equal(v.blockStateRoot, b.blockStateRoot);
      assert.equal(v.blockRoot, b.block.root);
      const checkpoint = { epoch: i + 1, root: b.block.root };
      assert.equal(checkpointStateMatches(v, checkpoint, SPE), null);
      assert.match(checkpointStateMatches(v, { ...checkpoint, root: root(1) }, SPE) ?? "", /not the checkpoint root/);
      assert.match(checkpointStateMatches(v, { ...checkpoint, epoch: i }, SPE) ?? "", /not the first slot/);
      // Its block matches it, and the block_roots of the skipped slots name that block.
      const block = readSignedBeaconBlock(b.block.bytes, network, types);
      assert.equal(blockMatchesState(block, v), null);
      for (let at = blockSlot; at < boundary; at++) assert.equal(blockRootAtSlot(b.bytes, at, network.slotsPerHistoricalRoot), b.block.root);
    });

    test("a state of another network is refused before it is decoded", () => {
      const wrongGvr = makeBeaconState({ types, network, slot, genesisValidatorsRoot: root(0x77) });
      assert.equal(codeOf(() => verifyBeaconState(wrongGvr.bytes, network, types)), "VERIFY_WRONG_NETWORK");
      const wrongVersion = makeBeaconState({ types, network, slot, currentVersion: i === 0 ? "0x01000001" : network.forks[i - 1]!.version });
      assert.equal(codeOf(() => verifyBeaconState(wrongVersion.bytes, network, types)), "VERIFY_WRONG_NETWORK");
      const wrongTime = makeBeaconState({ types, network, slot, genesisTime: network.genesisTime + 1 });
      assert.equal(codeOf(() => verifyBeaconState(wrongTime.bytes, network, types)), "VERIFY_WRONG_NETWORK");
      const other = makeBeaconNetwork({ preset: "minimal", seed: 2 });
      assert.equal(codeOf(() => verifyBeaconState(s.bytes, other, types)), "VERIFY_WRONG_NETWORK");
    });

    test("truncated bytes are SSZ errors; extended ones too, or another state", () => {
      for (const cut of [0, 47, 100, 175, s.bytes.length - 1, s.bytes.length - 100, Math.floor(s.bytes.length / 2)]) {
        assert.match(codeOf(() => verifyBeaconState(s.bytes.subarray(0, cut), network, types)), /^SSZ_/, `cut at ${cut}`);
      }
      const longer = new Uint8Array(s.bytes.length + 3);
      longer.set(s.bytes);
      // Where the last field is a list of bytes (bellatrix's execution payload header ends with extra_data),
      // three more bytes are a valid, different state.
      try {
        assert.notEqual(verifyBeaconState(longer, network, types).stateRoot, s.root);
      } catch (e) {
        assert.ok(e instanceof QuorumpointError && e.code.startsWith("SSZ_"), String(e));
      }
    });

    test("its SignedBeaconBlock matches it; another block or a mutated one does not", () => {
      const v = verifyBeaconState(s.bytes, network, types);
      const block = readSignedBeaconBlock(s.block.bytes, network, types);
      assert.deepEqual(block, { root: s.block.root, slot, stateRoot: s.root, parentRoot: toHex(s.value.latestBlockHeader.parentRoot), fork });
      assert.equal(blockMatchesState(block, v), null);
      const otherState = makeSignedBeaconBlock({ types, fork, slot, proposerIndex: block.slot % 5, stateRoot: new Uint8Array(32).fill(9), seed: i + 1 });
      assert.match(blockMatchesState(readSignedBeaconBlock(otherState.bytes, network, types), v) ?? "", /state_root/);
      const otherBody = makeSignedBeaconBlock({ types, fork, slot, proposerIndex: slot % 5, stateRoot: types.ssz[fork].BeaconState.hashTreeRoot(s.value), seed: i + 9 });
      assert.match(blockMatchesState(readSignedBeaconBlock(otherBody.bytes, network, types), v) ?? "", /block root/);
      const earlier = makeSignedBeaconBlock({ types, fork, slot: slot - 1, stateRoot: new Uint8Array(32) });
      assert.match(blockMatchesState(readSignedBeaconBlock(earlier.bytes, network, types), v) ?? "", /block slot/);
      assert.equal(codeOf(() => readSignedBeaconBlock(s.block.bytes.subarray(0, 120), network, types)), "SSZ_TOO_SHORT");
      const badOffset = s.block.bytes.slice();
      badOffset[0] = 99;
      assert.equal(codeOf(() => readSignedBeaconBlock(badOffset, network, types)), "SSZ_BAD_OFFSET");
    });
  });
}

test("a block is decoded as the fork of its slot: bytes of another fork's block do not pass", () => {
  // A phase0 block body is shorter than an altair one, so at an altair slot it does not decode.
  const phase0Block = makeSignedBeaconBlock({ types, fork: "phase0", slot: SPE + 1, stateRoot: new Uint8Array(32) });
  assert.match(codeOf(() => readSignedBeaconBlock(phase0Block.bytes, network, types)), /^SSZ_/);
});

test("a validator uint64 is verified as its bytes: FAR_FUTURE_EPOCH, a small epoch, and one past 2^53 that decoded numbers would round", () => {
  const s = makeBeaconState({ types, network, slot: 3, validators: 1 });
  const at = Buffer.from(s.bytes).indexOf(Buffer.from(types.ssz.phase0.Validator.serialize(s.value.validators[0])));
  const exitEpoch = at + 105;
  const withEpoch = (epoch: bigint) => {
    const b = s.bytes.slice();
    new DataView(b.buffer).setBigUint64(exitEpoch, epoch, true);
    return b;
  };
  assert.equal(verifyBeaconState(withEpoch(2n ** 64n - 1n), network, types).stateRoot, s.root, "exit_epoch was FAR_FUTURE already");
  const exiting = types.ssz.phase0.BeaconState.deserialize(s.bytes);
  exiting.validators[0]!.exitEpoch = 9;
  assert.equal(verifyBeaconState(withEpoch(9n), network, types).stateRoot, toHex(types.ssz.phase0.BeaconState.hashTreeRoot(exiting)));
  const huge = withEpoch(2n ** 60n + 1n);
  assert.equal(verifyBeaconState(huge, network, types).stateRoot, toHex(exactRoot(types.ssz.phase0.BeaconState as never, huge)));
  assert.notEqual(verifyBeaconState(huge, network, types).stateRoot, verifyBeaconState(withEpoch(2n ** 60n), network, types).stateRoot);
});

describe("blockRootAtSlot reads block_roots inside its window only", () => {
  const n = network.slotsPerHistoricalRoot;
  const slot = 3 * n + 5;
  const entries = { [slot - 1]: root(0xc1), [slot - n]: root(0xc2), [slot - 10]: root(0xc3) };
  const late: BeaconNetwork = makeBeaconNetwork({ preset: "minimal", forkEpochs: { altair: 1 } });
  const s = makeBeaconState({ types, network: late, slot, blockRoots: entries });

  test("inside: state.slot - SLOTS_PER_HISTORICAL_ROOT <= slot < state.slot", () => {
    for (const [at, want] of Object.entries(entries)) assert.equal(blockRootAtSlot(s.bytes, Number(at), n), want);
  });

  test("outside, or bytes too short to hold the vector: null", () => {
    assert.equal(blockRootAtSlot(s.bytes, slot, n), null);
    assert.equal(blockRootAtSlot(s.bytes, slot + 1, n), null);
    assert.equal(blockRootAtSlot(s.bytes, slot - n - 1, n), null, "overwritten by slot - 1's entry");
    assert.equal(blockRootAtSlot(s.bytes, -1, n), null);
    assert.equal(blockRootAtSlot(s.bytes, 1.5, n), null);
    assert.equal(blockRootAtSlot(s.bytes.subarray(0, BEACON_STATE_LAYOUT.blockRoots + n * 32 - 1), slot - 1, n), null);
    const hugeSlot = s.bytes.slice();
    hugeSlot.fill(0xff, BEACON_STATE_LAYOUT.slot, BEACON_STATE_LAYOUT.slot + 8);
    assert.equal(blockRootAtSlot(hugeSlot, slot - 1, n), null);
  });
});

describe("malformed bytes never throw anything but a QuorumpointError", () => {
  const seeds = BEACON_FORKS.map((_, i) => makeBeaconState({ types, network, slot: i * SPE + 1, validators: 3, seed: i + 1 }));
  const mutated = fc.oneof(
    fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })).map(([s, edits]) => {
      const b = s.bytes.slice();
      for (const [at, byte] of edits) b[at % b.length] = byte;
      return b;
    }),
    fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([s, cut]) => s.bytes.slice(0, cut % s.bytes.length)),
    fc.uint8Array({ maxLength: 12_000 }),
  );

  test("verifyBeaconState", () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        try {
          verifyBeaconState(bytes, network, types);
        } catch (e) {
          return e instanceof QuorumpointError && /^(SSZ|VERIFY)_/.test(e.code);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test("readSignedBeaconBlock", () => {
    const blocks = seeds.map((s) => s.block.bytes);
    const arb = fc.tuple(fc.constantFrom(...blocks), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat());
    fc.assert(
      fc.property(arb, ([bytes, edits, cut]) => {
        const b = bytes.slice(0, bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0));
        for (const [at, byte] of edits) if (b.length > 0) b[at % b.length] = byte;
        try {
          readSignedBeaconBlock(b, network, types);
        } catch (e) {
          return e instanceof QuorumpointError && e.code.startsWith("SSZ_");
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

test("a root streamed in while the bytes arrived is the one verification uses, in chunks of any size; with another fork's type it is not", async () => {
  const { beaconStateRootShared } = await import("../../../src/beacon/state-root-from-bytes.js");
  const slot = 6 * SPE;
  const s = makeBeaconState({ types, network, slot, validators: 9, seed: 3 });
  const fork = network.forks.filter((f) => f.epoch <= 6).at(-1)!.fork;
  for (const size of [1, 7, 4096, s.bytes.length]) {
    const body = new Uint8Array(s.bytes.length);
    const stream = beaconStateRootShared(body, fork, types, null);
    for (let at = 0; at < s.bytes.length; at += size) {
      body.set(s.bytes.subarray(at, at + size), at);
      stream.received(Math.min(s.bytes.length, at + size));
    }
    const root = await stream.finish();
    assert.equal(toHex(root), s.root, `chunks of ${size}`);
    assert.equal(verifyBeaconState(s.bytes, network, types, { root, fork }).stateRoot, s.root);
  }
  // What the poll passes is taken as the bytes' root (it saw exactly them): a wrong one shows, unless the fork differs.
  const bogus = new Uint8Array(32).fill(0x5a);
  assert.equal(verifyBeaconState(s.bytes, network, types, { root: bogus, fork }).stateRoot, toHex(bogus));
  const other = fork === "phase0" ? "altair" : "phase0";
  assert.equal(verifyBeaconState(s.bytes, network, types, { root: bogus, fork: other }).stateRoot, s.root, "another fork's stream is not used");
});
