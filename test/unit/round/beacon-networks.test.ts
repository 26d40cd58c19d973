import { test } from "node:test";
import assert from "node:assert/strict";
import { BeaconNetworks } from "../../../src/round/beacon-networks.js";
import type { BeaconNetworkView } from "../../../src/model/beacon.js";
import type { PollOutcome } from "../../../src/model/outcome.js";
import { makeBeaconNetwork } from "../../support/beacon-network.js";
import { verified } from "../consensus/fixtures.js";

const view = (seed: number): BeaconNetworkView => ({ network: makeBeaconNetwork({ preset: "minimal", seed }), spec: {}, depositContract: null });
const read = (u: number, v: BeaconNetworkView): PollOutcome => ({
  ok: true, upstream: u, generation: 1, state: verified(8), justified: null, unchanged: false, blockDigest: null, blockEtag: null,
  blockNote: "not_served", blockRoot: null, bytes: 1, startedMs: 1, endedMs: 2, network: v,
});

test("the network a strict majority of the configured upstreams describe is agreed; until then each reads its own", () => {
  const n = new BeaconNetworks(5);
  assert.deepEqual(n.taskFor(0), { network: null, readNetwork: true });
  n.apply(read(0, view(1)));
  n.apply(read(1, view(1)));
  n.apply(read(2, view(2)));
  const agreed = () => n.agreed;
  assert.equal(agreed(), null, "2 of 5 is no majority");
  assert.deepEqual(n.taskFor(0), { network: null, readNetwork: false }, "an upstream that told its network is not asked again");
  n.apply(read(3, view(1)));
  assert.equal(agreed()?.network.genesisValidatorsRoot, view(1).network.genesisValidatorsRoot);
  assert.equal(n.taskFor(2).readNetwork, true, "the odd one reads again, against the agreed network: wrong_network");
  assert.equal(n.taskFor(3).readNetwork, false);
  assert.equal(n.taskFor(4).readNetwork, true, "never read yet");
});
