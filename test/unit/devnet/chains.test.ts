import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBlockMatchesState, readSignedBlock, SignedBlock, State, toHex, verifyState } from "../../../src/lean/index.js";
import { planState } from "../../../src/devnet/config.js";
import { ChainSet } from "../../../src/devnet/chains.js";
import { checkpointSlot } from "../../../src/devnet/state-builder.js";
import type { ChainShape } from "../../../src/devnet/state-builder.js";

const STATE_BYTES = 64 * 1024;
const shape: ChainShape = { plan: planState(STATE_BYTES, 64, 3), finalityEverySlots: 3, genesisTime: 1_700_000_000 };

test("each checkpoint's state decodes, verifies, and its block is the block the state is the post-state of", () => {
  const chains = new ChainSet(shape);
  for (let i = 0; i < 3; i++) {
    if (i > 0) assert.equal(chains.advance(), true);
    const snap = chains.snapshot({ chain: 0, index: i });
    const v = verifyState(snap.state);
    assert.equal(v.finalized.slot, checkpointSlot(shape, i));
    assert.equal(v.finalized.root, toHex(snap.blockRoot));
    assert.equal(v.stateRoot, toHex(snap.stateRoot));
    assert.equal(v.genesisTime, shape.genesisTime);
    assert.equal(checkBlockMatchesState(readSignedBlock(snap.block), v), null);
    // The served header has its state_root zeroed, as real clients serve it.
    assert.equal(toHex(State.deserialize(snap.state).latestBlockHeader.stateRoot), toHex(new Uint8Array(32)));
    // A zero signature of the right size: the block decodes as a devnet-4 SignedBlock.
    assert.equal(SignedBlock.deserialize(snap.block).block.slot, v.finalized.slot);
  }
});

test("states are about the planned size, history grows by one root a slot and links the checkpoints", () => {
  const chains = new ChainSet(shape);
  const s0 = chains.snapshot({ chain: 0, index: 0 });
  assert.ok(Math.abs(s0.state.length - STATE_BYTES) < 1024, `size ${s0.state.length}`);
  chains.advance();
  const s1 = chains.snapshot({ chain: 0, index: 1 });
  const st0 = State.deserialize(s0.state);
  const st1 = State.deserialize(s1.state);
  assert.equal(st1.historicalBlockHashes.length, st0.historicalBlockHashes.length + 3);
  assert.equal(st1.historicalBlockHashes.length, st1.slot);
  // The entry at checkpoint 0's slot is checkpoint 0's block root; it is also latest_justified.
  assert.equal(toHex(st1.historicalBlockHashes[s0.slot]), toHex(s0.blockRoot));
  assert.equal(toHex(st1.latestJustified.root), toHex(s0.blockRoot));
  assert.equal(st1.latestJustified.slot, s0.slot);
  assert.equal(st1.latestFinalized.slot, s0.slot - 3);
  assert.equal(st1.justifiedSlots.get(s0.slot), true);
  assert.equal(st1.justifiedSlots.get(s0.slot + 1), false);
});

test("the same shape builds byte-identical chains; a fork builds a different one", () => {
  const a = new ChainSet(shape);
  const b = new ChainSet(shape);
  a.advance();
  b.advance();
  const ref = { chain: 0, index: 1 };
  assert.ok(a.snapshot(ref).state.equals(b.snapshot(ref).state));
  assert.ok(a.snapshot(ref).block.equals(b.snapshot(ref).block));
  const fork = a.snapshot({ chain: 2, index: 1 });
  const honest = a.snapshot(ref);
  assert.equal(fork.slot, honest.slot);
  assert.notEqual(toHex(fork.blockRoot), toHex(honest.blockRoot));
  const v = verifyState(fork.state);
  assert.equal(v.finalized.root, toHex(fork.blockRoot));
  assert.equal(checkBlockMatchesState(readSignedBlock(fork.block), v), null);
});

test("a fork made at start-up differs from checkpoint 0 on", () => {
  const chains = new ChainSet(shape);
  assert.notEqual(toHex(chains.snapshot({ chain: 1, index: 0 }).blockRoot), toHex(chains.snapshot({ chain: 0, index: 0 }).blockRoot));
});

test("lagging checkpoints stay servable; bytes nobody serves are dropped and rebuilt identically", () => {
  const chains = new ChainSet(shape);
  const first = chains.snapshot({ chain: 0, index: 0 });
  for (let i = 0; i < 5; i++) chains.advance();
  assert.equal(chains.laggingIndex(2), 3);
  assert.equal(chains.laggingIndex(99), 0);
  chains.retain([{ chain: 0, index: 5 }]);
  const again = chains.snapshot({ chain: 0, index: 0 });
  assert.notEqual(again, first);
  assert.ok(again.state.equals(first.state));
});
