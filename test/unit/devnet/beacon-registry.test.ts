import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRegistry } from "../../../src/devnet/beacon/registry.js";
import { loadLodestar } from "../../../src/devnet/beacon/lodestar.js";
import { toHex } from "../../../src/model/hex.js";

test("the registry's bytes decode as the SSZ lists and their roots are the types' hash_tree_roots", async () => {
  const { ssz } = await loadLodestar("mainnet");
  for (const count of [1, 5, 70]) {
    const r = buildRegistry(count);
    const validators = ssz.phase0.Validators.deserialize(r.lists.get("validators")!.bytes);
    assert.equal(validators.length, count);
    assert.equal(validators[0].activationEpoch, 0);
    assert.equal(validators[0].exitEpoch, Infinity);
    assert.equal(toHex(r.lists.get("validators")!.root), toHex(ssz.phase0.Validators.hashTreeRoot(validators)));
    const balances = ssz.phase0.Balances.deserialize(r.lists.get("balances")!.bytes);
    assert.equal(toHex(r.lists.get("balances")!.root), toHex(ssz.phase0.Balances.hashTreeRoot(balances)));
    const part = r.lists.get("currentEpochParticipation")!;
    assert.equal(toHex(part.root), toHex(ssz.altair.EpochParticipation.hashTreeRoot(ssz.altair.EpochParticipation.deserialize(part.bytes))));
    const inact = r.lists.get("inactivityScores")!;
    assert.equal(toHex(inact.root), toHex(ssz.altair.InactivityScores.hashTreeRoot(ssz.altair.InactivityScores.deserialize(inact.bytes))));
    assert.equal(toHex(r.pubkey(count - 1)), toHex(validators[count - 1].pubkey));
  }
});
