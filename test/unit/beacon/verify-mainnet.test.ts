/** Beacon state and block verification on the mainnet preset (its own process: the preset is per thread). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { checkpointStateMatches, verifyBeaconState } from "../../../src/beacon/verify-state.js";
import { blockMatchesState, readSignedBeaconBlock } from "../../../src/beacon/verify-block.js";
import { blockRootAtSlot } from "../../../src/model/beacon-state-layout.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { makeBeaconNetwork } from "../../support/beacon-network.js";
import { makeBeaconState } from "../../support/beacon-state.js";

const types = await loadBeaconTypes("mainnet");
// Deneb from epoch 1, electra and fulu from 2: phase0 at genesis, fulu after.
const network = makeBeaconNetwork({ preset: "mainnet", forkEpochs: { altair: 0, bellatrix: 0, capella: 0, deneb: 1, electra: 2, fulu: 2 } });

test("the mainnet preset's vectors, and minimal is refused in this thread", async () => {
  assert.equal(types.slotsPerEpoch, 32);
  assert.equal(types.slotsPerHistoricalRoot, 8192);
  await assert.rejects(loadBeaconTypes("minimal"), (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_BEACON_PRESET");
});

for (const [fork, slot] of [["capella", 5], ["fulu", 2 * 32]] as const) {
  test(`${fork} (mainnet): roots from the bytes, its block, the epoch boundary`, () => {
    const s = makeBeaconState({ types, network, slot, blockSlot: slot - 2, validators: 6 });
    assert.equal(s.fork, fork);
    const v = verifyBeaconState(s.bytes, network, types);
    assert.equal(v.fork, fork);
    assert.equal(v.stateRoot, toHex(types.ssz[fork].BeaconState.hashTreeRoot(s.value)));
    assert.equal(v.blockRoot, s.block.root);
    assert.equal(v.blockSlot, slot - 2);
    assert.equal(blockMatchesState(readSignedBeaconBlock(s.block.bytes, network, types), v), null);
    assert.equal(blockRootAtSlot(s.bytes, slot - 1, network.slotsPerHistoricalRoot), s.block.root);
    if (slot % 32 === 0) assert.equal(checkpointStateMatches(v, { epoch: slot / 32, root: s.block.root }, 32), null);
  });
}

test("a minimal-preset network is refused by mainnet types", () => {
  const minimal = makeBeaconNetwork({ preset: "minimal" });
  const s = makeBeaconState({ types, network, slot: 3 });
  assert.throws(() => verifyBeaconState(s.bytes, minimal, types), (e: unknown) => e instanceof QuorumpointError && e.code === "VERIFY_WRONG_PRESET");
});
