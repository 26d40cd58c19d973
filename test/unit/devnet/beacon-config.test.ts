import { test } from "node:test";
import assert from "node:assert/strict";
import { parseForkEpochs, resolveBeaconDevnetConfig, resolveForkEpochs } from "../../../src/devnet/beacon/config.js";
import { BEACON_BEHAVIOURS, BEHAVIOURS, describeBehaviours, resolveBehaviour } from "../../../src/devnet/behaviours.js";
import { parseFaultSpec } from "../../../src/devnet/fault-spec.js";

test("beacon defaults: mainnet, 64 validators, every fork at genesis, 1 s slots, genesis as if run to the start epoch", () => {
  const c = resolveBeaconDevnetConfig({ chain: "beacon", nodes: 3 }, 1_000_000_000_000);
  assert.equal(c.chain, "beacon");
  assert.equal(c.preset, "mainnet");
  assert.equal(c.validators, 64);
  assert.equal(c.slotMs, 1000);
  assert.deepEqual(Object.values(c.forkEpochs), [0, 0, 0, 0, 0, 0, 0]);
  assert.equal(c.genesisTime, 1_000_000_000 - c.startEpoch * 32);
  assert.deepEqual(c.behaviours.map((b) => b.name), ["healthy", "healthy", "healthy"]);
});

test("fork epochs: later forks inherit the previous epoch, none unschedules the rest, order is enforced", () => {
  assert.deepEqual(parseForkEpochs("electra=2,fulu=none"), { electra: 2, fulu: null });
  const f = resolveForkEpochs("capella=1,electra=3");
  assert.deepEqual([f.altair, f.capella, f.deneb, f.electra, f.fulu], [0, 1, 1, 3, 3]);
  assert.equal(resolveForkEpochs({ deneb: null }).fulu, null);
  assert.throws(() => resolveForkEpochs({ electra: 3, fulu: 2 }), /invalid setting forks/);
  assert.throws(() => resolveForkEpochs({ deneb: null, fulu: 4 }), /invalid setting forks/);
  assert.throws(() => parseForkEpochs("gloas=1"), /must be fork=epoch/);
  assert.throws(() => resolveBeaconDevnetConfig({ chain: "beacon", nodes: 1, preset: "gnosis" as never }), /invalid setting preset/);
  assert.throws(() => resolveBeaconDevnetConfig({ chain: "beacon", nodes: 1, validators: 0 }), /invalid setting validators=0/);
});

test("beacon behaviours are a beacon devnet's only; lean ones that apply stay", () => {
  for (const name of ["wrong-network", "head-state", "no-ssz"]) {
    assert.ok((BEACON_BEHAVIOURS as readonly string[]).includes(name));
    assert.ok(!(BEHAVIOURS as readonly string[]).includes(name));
    assert.equal(resolveBehaviour(name, {}, "beacon").name, name);
    assert.throws(() => resolveBehaviour(name), /unknown behaviour/);
  }
  assert.throws(() => resolveBehaviour("json-unless-accept", {}, "beacon"), /unknown beacon behaviour/);
  assert.deepEqual(parseFaultSpec("head-state:2,slow@100", "behaviours", "beacon").map((e) => [e.behaviour.name, e.count]), [["head-state", 2], ["slow", 1]]);
  assert.throws(() => resolveBeaconDevnetConfig({ chain: "beacon", nodes: 1, faults: "meteor" }), /unknown behaviour "meteor"/);
  assert.ok(describeBehaviours("beacon").includes("no-ssz"));
});
