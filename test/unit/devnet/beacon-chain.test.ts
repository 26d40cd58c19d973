/**
 * The simulated beacon chain against @lodestar/types: every served state decodes, its
 * hash_tree_root is the one the chain claims, its latest header derives the checkpoint's
 * block root, and the blocks are the ones the states are post-states of. Minimal preset
 * (8-slot epochs) so a few epochs cross fork boundaries quickly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { BeaconFork } from "../../../src/model/beacon.js";
import { toHex } from "../../../src/model/hex.js";
import { resolveBehaviour } from "../../../src/devnet/behaviours.js";
import { BeaconChainSet } from "../../../src/devnet/beacon/chains.js";
import { resolveBeaconDevnetConfig } from "../../../src/devnet/beacon/config.js";
import type { BeaconDevnetOptions } from "../../../src/devnet/beacon/config.js";
import { loadLodestar } from "../../../src/devnet/beacon/lodestar.js";
import { buildRegistry } from "../../../src/devnet/beacon/registry.js";
import { isSkipped } from "../../../src/devnet/beacon/stepper.js";

// The preset is per thread: this file's tests all run minimal (set before any import of the types).
const lodestar = await loadLodestar("minimal");
const { ssz } = lodestar;

function chains(o: Partial<BeaconDevnetOptions> = {}): BeaconChainSet {
  const config = resolveBeaconDevnetConfig({ chain: "beacon", nodes: 1, preset: "minimal", genesisTime: 1_700_000_000, ...o });
  return new BeaconChainSet(lodestar, buildRegistry(config.validators), config);
}

const honest = resolveBehaviour("healthy");

test("each finalized state decodes, hashes to its root and derives the checkpoint's block root; the block matches", () => {
  const set = chains({ forks: { altair: 1, bellatrix: 2, capella: 3, deneb: 5, electra: 6, fulu: 7 }, startEpoch: 4 });
  const seen = new Set<BeaconFork>();
  let skipped = 0;
  for (let i = 0; i < 9; i++) {
    if (i > 0) set.step(8);
    const v = set.view(honest);
    const state = v.chain.epochState(v.finalizedEpoch)!;
    const snap = v.chain.snapshot(state);
    const type = ssz[snap.fork].BeaconState as unknown as typeof ssz.fulu.BeaconState;
    const bytes = Buffer.concat(snap.parts);
    assert.equal(bytes.length, snap.size);
    const value = type.deserialize(bytes);
    seen.add(snap.fork);
    assert.equal(toHex(type.hashTreeRoot(value)), toHex(snap.root), `state root at epoch ${v.finalizedEpoch}`);
    assert.equal(value.slot, v.finalizedEpoch * 8);
    assert.equal(toHex(value.genesisValidatorsRoot), toHex(set.network.genesisValidatorsRoot));
    assert.equal(toHex(value.fork.currentVersion), toHex(set.network.version(snap.fork)));
    // The checkpoint root as Lodestar derives it: the latest header, state_root filled in if zero.
    // Field by field: a spread would carry the root ssz caches on the hashed header object.
    const h = value.latestBlockHeader;
    const filled = h.stateRoot.every((x) => x === 0) ? type.hashTreeRoot(value) : h.stateRoot;
    const header = { slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot: filled, bodyRoot: h.bodyRoot };
    const derived = toHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(header));
    assert.equal(derived, toHex(v.chain.checkpointRoot(v.finalizedEpoch)));
    assert.equal(derived, toHex(snap.block.root));
    // The block: its message hashes to the checkpoint root, its state_root is its post-state's.
    const blockType = ssz[snap.block.fork] as unknown as typeof ssz.fulu;
    const signed = blockType.SignedBeaconBlock.deserialize(v.chain.stepper.blockBytes(snap.block));
    assert.equal(toHex(blockType.BeaconBlock.hashTreeRoot(signed.message)), derived);
    if (snap.block.slot < snap.slot) {
      skipped += 1;
      assert.ok(isSkipped(snap.slot, 8));
      // Advanced through empty slots: the header holds the block's post-state root, the
      // roots vectors the empty slots' entries.
      assert.equal(toHex(value.latestBlockHeader.stateRoot), toHex(signed.message.stateRoot));
      assert.equal(toHex(value.blockRoots[(snap.slot - 1) % 64]), derived);
    } else {
      assert.equal(toHex(signed.message.stateRoot), toHex(snap.root));
      assert.equal(toHex(value.latestBlockHeader.stateRoot), toHex(new Uint8Array(32)));
    }
    // The state's own finality trails it by two epochs.
    assert.equal(value.finalizedCheckpoint.epoch, v.finalizedEpoch - 2);
    // (Epoch 0's checkpoint has a zero root in the states, as at a real genesis.)
    const root = v.finalizedEpoch - 2 === 0 ? new Uint8Array(32) : v.chain.checkpointRoot(v.finalizedEpoch - 2);
    assert.equal(toHex(value.finalizedCheckpoint.root), toHex(root));
    assert.equal(value.currentJustifiedCheckpoint.epoch, v.finalizedEpoch - 1);
  }
  assert.ok(skipped >= 2, `checkpoints with a skipped first slot: ${skipped}`);
  assert.ok(seen.size >= 4, `forks crossed: ${[...seen].join(", ")}`);
  // The history accumulator has one entry per 64 slots passed (capella on: summaries).
  const v = set.view(honest);
  const last = ssz.fulu.BeaconState.deserialize(Buffer.concat(v.chain.snapshot(v.chain.epochState(v.finalizedEpoch)!).parts));
  assert.equal(last.historicalRoots.length + last.historicalSummaries.length, Math.floor(last.slot / 64));
});

test("a head-state answer is a real state of the finalized slot whose derived block root is not the checkpoint's", () => {
  const set = chains();
  set.step(16);
  const v = set.view(resolveBehaviour("head-state", {}, "beacon"));
  const stale = v.chain.staleSnapshot(v.finalizedEpoch)!;
  const good = v.chain.snapshot(v.chain.epochState(v.finalizedEpoch)!);
  assert.equal(stale.slot, good.slot);
  const value = ssz.fulu.BeaconState.deserialize(Buffer.concat(stale.parts));
  assert.equal(toHex(ssz.fulu.BeaconState.hashTreeRoot(value)), toHex(stale.root));
  assert.notEqual(toHex(stale.root), toHex(good.root));
  assert.notEqual(toHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(value.latestBlockHeader)), toHex(good.block.root));
});

test("forks share the finalized history up to their branch; the other network differs in its genesis", () => {
  const set = chains();
  set.step(8);
  const honestView = set.view(honest);
  const fork = set.view(resolveBehaviour("forked", { fork: 2 }));
  set.step(24);
  const h = set.view(honest);
  const f = set.view(resolveBehaviour("forked", { fork: 2 }));
  assert.equal(f.finalizedEpoch, h.finalizedEpoch);
  assert.notEqual(toHex(f.chain.checkpointRoot(f.finalizedEpoch)), toHex(h.chain.checkpointRoot(h.finalizedEpoch)));
  assert.equal(toHex(fork.chain.checkpointRoot(honestView.finalizedEpoch - 1)), toHex(honestView.chain.checkpointRoot(honestView.finalizedEpoch - 1)));
  const other = set.view(resolveBehaviour("wrong-network", {}, "beacon"));
  assert.notEqual(toHex(other.chain.stepper.network.genesisValidatorsRoot), toHex(set.network.genesisValidatorsRoot));
  const value = ssz.fulu.BeaconState.deserialize(Buffer.concat(other.chain.snapshot(other.chain.epochState(other.finalizedEpoch)!).parts));
  assert.equal(toHex(value.genesisValidatorsRoot), toHex(other.chain.stepper.network.genesisValidatorsRoot));
  assert.equal(other.headSlot, h.headSlot);
});

test("phase0 states (no fork scheduled) decode and hash as phase0", () => {
  const set = chains({ forks: { altair: null } });
  const v = set.view(honest);
  const snap = v.chain.snapshot(v.chain.epochState(v.finalizedEpoch)!);
  assert.equal(snap.fork, "phase0");
  const value = ssz.phase0.BeaconState.deserialize(Buffer.concat(snap.parts));
  assert.equal(toHex(ssz.phase0.BeaconState.hashTreeRoot(value)), toHex(snap.root));
});
