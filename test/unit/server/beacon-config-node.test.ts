/** /eth/v1/beacon/genesis, /eth/v1/config/*, /eth/v1/node/* on the beacon chain. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseBeaconNetwork } from "../../../src/beacon/network.js";
import { REPO_ROOT } from "../../support/paths.js";
import { beaconHarness, checkpointState, DEPOSIT, network, STALE_AFTER_MS, VIEW } from "./beacon-fixtures.js";

test("spec and genesis parse back into the network the upstreams agreed on", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const spec = await h.app.inject({ url: "/eth/v1/config/spec" });
  const genesis = await h.app.inject({ url: "/eth/v1/beacon/genesis" });
  assert.equal(spec.statusCode, 200);
  assert.deepEqual(spec.json(), { data: VIEW.spec });
  assert.equal(genesis.json().data.genesis_time, String(network.genesisTime));
  assert.deepEqual(parseBeaconNetwork(spec.json(), genesis.json()), network);
  assert.equal(genesis.headers["cache-control"], "public, max-age=30, s-maxage=30");
});

test("fork_schedule lists each scheduled fork with the version before it", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const { data } = (await h.app.inject({ url: "/eth/v1/config/fork_schedule" })).json();
  assert.equal(data.length, network.forks.length);
  assert.deepEqual(data[0], { previous_version: network.forks[0]!.version, current_version: network.forks[0]!.version, epoch: "0" });
  for (const [i, f] of network.forks.entries()) {
    if (i === 0) continue;
    assert.deepEqual(data[i], { previous_version: network.forks[i - 1]!.version, current_version: f.version, epoch: String(f.epoch) });
  }
});

test("deposit_contract as the upstream served it, 404 when it did not", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  assert.deepEqual((await h.app.inject({ url: "/eth/v1/config/deposit_contract" })).json(), { data: DEPOSIT });
  h.view.current = { ...VIEW, depositContract: null };
  const res = await h.app.inject({ url: "/eth/v1/config/deposit_contract" });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().code, 404);
});

test("network routes are 503 while the network is unknown; node/version answers anyway", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  h.view.current = null;
  for (const url of ["/eth/v1/beacon/genesis", "/eth/v1/config/spec", "/eth/v1/config/fork_schedule", "/eth/v1/config/deposit_contract", "/eth/v1/node/syncing"]) {
    const res = await h.app.inject({ url });
    assert.equal(res.statusCode, 503, url);
    assert.equal(res.json().code, 503, url);
  }
  const version = await h.app.inject({ url: "/eth/v1/node/version" });
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  assert.deepEqual(version.json(), { data: { version: `quorumpoint/${pkg.version}` } });
});

test("node/syncing: synced at the served state's slot; node/health follows freshness", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  assert.equal((await h.app.inject({ url: "/eth/v1/node/health" })).statusCode, 503);
  assert.equal((await h.app.inject({ url: "/eth/v1/node/syncing" })).statusCode, 503);
  h.apply(checkpointState(3));
  assert.deepEqual((await h.app.inject({ url: "/eth/v1/node/syncing" })).json(), {
    data: { head_slot: "24", sync_distance: "0", is_syncing: false, is_optimistic: false, el_offline: false },
  });
  const health = await h.app.inject({ url: "/eth/v1/node/health" });
  assert.equal(health.statusCode, 200);
  assert.equal(health.rawPayload.length, 0);
  h.clock.now += STALE_AFTER_MS;
  assert.equal((await h.app.inject({ url: "/eth/v1/node/health" })).statusCode, 503);
});
