/** checkpointz's own routes (/checkpointz/v1/status, /beacon/slots, /beacon/slots/{slot}) on the beacon chain. */
import { StateStore } from "../../../src/store/index.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { upstreamStatus } from "./fixtures.js";
import { beaconHarness, checkpointState, network, SPE } from "./beacon-fixtures.js";

test("status: upstreams by name with their finality, the served finality, version, mode", async (t) => {
  const a = checkpointState(3, { justifiedEpoch: 4 });
  const h = beaconHarness({
    upstreams: () => [
      upstreamStatus(0, { name: "lodestar-1", finalized: a.verified.finalized, justified: a.justified }),
      upstreamStatus(1, { name: "teku-1", healthy: false }),
    ],
  });
  t.after(() => h.app.close());
  const before = (await h.app.inject({ url: "/checkpointz/v1/status" })).json();
  assert.equal(before.data.finality, null);
  h.apply(a);
  const res = await h.app.inject({ url: "/checkpointz/v1/status" });
  assert.equal(res.statusCode, 200);
  const { data } = res.json();
  const finality = {
    finalized: { epoch: "3", root: a.state.blockRoot },
    current_justified: { epoch: "4", root: a.justified.root },
    previous_justified: { epoch: "4", root: a.justified.root },
  };
  assert.deepEqual(data.finality, finality);
  assert.deepEqual(data.upstreams["lodestar-1"], { name: "lodestar-1", healthy: true, finality });
  assert.deepEqual(data.upstreams["teku-1"], { name: "teku-1", healthy: false, finality: null });
  assert.equal(data.operating_mode, "full");
  assert.match(data.version.full, /^quorumpoint\/\d+\.\d+\.\d+/);
  assert.equal(res.headers["cache-control"], "public, max-age=5, s-maxage=5");
});

test("slots: the held history newest first, each downloadable by its slot and its state root", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const states = [checkpointState(2), checkpointState(3), checkpointState(5, { blockSlot: 37 })];
  for (const s of states) h.apply(s);
  const { data } = (await h.app.inject({ url: "/checkpointz/v1/beacon/slots" })).json();
  assert.deepEqual(data.slots.map((s: { slot: number }) => s.slot), [40, 24, 16]);
  for (const [i, s] of [...states].reverse().entries()) {
    const row = data.slots[i];
    const start = new Date((network.genesisTime + s.epoch * SPE * network.secondsPerSlot) * 1000).toISOString();
    assert.deepEqual(row, {
      slot: s.epoch * SPE, epoch: s.epoch, block_root: s.state.blockRoot, state_root: s.state.root,
      time: { start_time: start, end_time: new Date(Date.parse(start) + network.secondsPerSlot * 1000).toISOString() }, state_held: true,
    });
    for (const id of [row.slot, row.state_root]) {
      const state = await h.app.inject({ url: `/eth/v2/debug/beacon/states/${id}`, headers: { accept: "application/octet-stream" } });
      assert.deepEqual(new Uint8Array(state.rawPayload), s.state.bytes);
    }
  }
});

test("slots/{slot}: one held checkpoint with its block; 404 for another slot, 400 for a bad one, 503 without a network", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(2);
  h.apply(s);
  const { data } = (await h.app.inject({ url: "/checkpointz/v1/beacon/slots/16" })).json();
  assert.equal(data.slot, 16);
  assert.equal(data.epoch, 2);
  assert.equal(data.block_root, s.state.blockRoot);
  assert.deepEqual(data.block, s.blockJson);
  const missing = await h.app.inject({ url: "/checkpointz/v1/beacon/slots/17" });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 404);
  const bad = await h.app.inject({ url: "/checkpointz/v1/beacon/slots/x1" });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 400);
  h.view.current = null;
  assert.equal((await h.app.inject({ url: "/checkpointz/v1/beacon/slots" })).statusCode, 503);
});

test("slots: the last 20 checkpoints are listed past --history; only the held ones have their state and block", async (t) => {
  const store = new StateStore({ staleAfterMs: 60_000, history: 1, allowFinalityReorg: true });
  const h = beaconHarness({ store });
  t.after(() => h.app.close());
  for (const e of [2, 3, 5]) h.apply(checkpointState(e));
  const { data } = (await h.app.inject({ url: "/checkpointz/v1/beacon/slots" })).json();
  assert.deepEqual(data.slots.map((s: { slot: number; state_held: boolean }) => [s.slot, s.state_held]), [[40, true], [24, false], [16, false]]);
  const old = (await h.app.inject({ url: "/checkpointz/v1/beacon/slots/24" })).json();
  assert.deepEqual([old.data.state_held, old.data.block], [false, null]);
  const gone = await h.app.inject({ url: "/eth/v2/debug/beacon/states/24", headers: { accept: "application/octet-stream" } });
  assert.equal(gone.statusCode, 404, "its bytes are no longer held");
});
