/**
 * /eth/v{1,2}/debug/beacon/states/{state_id} and /eth/v1/beacon/states/{state_id}/finality_checkpoints
 * over real minimal-preset beacon states.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFinalityCheckpoints } from "../../../src/beacon/probe-answers.js";
import { createMetrics } from "../../../src/metrics/metrics.js";
import { Registry } from "prom-client";
import { beaconHarness, checkpointState, INTERVAL_MS, SPE, STALE_AFTER_MS } from "./beacon-fixtures.js";

const V2 = "/eth/v2/debug/beacon/states";
const OCTET = { accept: "application/octet-stream" };

test("503 {code, message} before any state, and while the network is unknown", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  for (const id of ["finalized", "head", "16", `0x${"ab".repeat(32)}`]) {
    const res = await h.app.inject({ url: `${V2}/${id}`, headers: OCTET });
    assert.equal(res.statusCode, 503, id);
    assert.equal(res.json().code, 503);
    assert.equal(typeof res.json().message, "string");
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.headers["retry-after"], String(INTERVAL_MS / 1000));
  }
  h.apply(checkpointState(2));
  h.view.current = null;
  const res = await h.app.inject({ url: `${V2}/finalized`, headers: OCTET });
  assert.equal(res.statusCode, 503);
  assert.match(res.json().message, /network is not known/);
});

test("the served state as SSZ by finalized, head, its slot and its root, with fork, ETag, length and cache", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(3);
  h.apply(s);
  for (const [id, cache] of [["finalized", 180], ["head", 30], ["24", 6000], [s.state.root, 6000], [s.state.root.toUpperCase().replace("0X", "0x"), 6000]] as const) {
    for (const v of ["v1", "v2"]) {
      const res = await h.app.inject({ url: `/eth/${v}/debug/beacon/states/${id}`, headers: OCTET });
      assert.equal(res.statusCode, 200, `${v} ${id}`);
      assert.equal(res.headers["content-type"], "application/octet-stream");
      assert.equal(res.headers["content-length"], String(s.state.bytes.byteLength));
      assert.deepEqual(new Uint8Array(res.rawPayload), s.state.bytes);
      assert.equal(res.headers["eth-consensus-version"], "capella");
      assert.equal(res.headers.etag, `"${s.state.root}"`);
      assert.equal(res.headers["cache-control"], `public, max-age=${cache}, s-maxage=${cache}`);
    }
  }
});

test("Eth-Consensus-Version follows the network's fork schedule at each state's slot", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  // altair at epoch 1, bellatrix 2, capella 3, deneb 5 (beacon-fixtures.ts).
  const expected = [[1, "altair"], [2, "bellatrix"], [4, "capella"], [5, "deneb"]] as const;
  for (const [epoch] of expected) h.apply(checkpointState(epoch));
  for (const [epoch, fork] of expected) {
    const res = await h.app.inject({ url: `${V2}/${epoch * SPE}`, headers: OCTET });
    assert.equal(res.statusCode, 200, `epoch ${epoch}`);
    assert.equal(res.headers["eth-consensus-version"], fork, `epoch ${epoch}`);
  }
});

test("Accept: SSZ, */*, q-values and none are served; JSON only is 406", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  h.apply(checkpointState(2));
  for (const accept of [undefined, "*/*", "application/octet-stream", "application/octet-stream;q=1.0,application/json;q=0.9", "application/json;q=0.9, application/octet-stream"]) {
    const res = await h.app.inject({ url: `${V2}/finalized`, headers: accept === undefined ? {} : { accept } });
    assert.equal(res.statusCode, 200, String(accept));
  }
  for (const accept of ["application/json", "application/json, application/octet-stream;q=0"]) {
    const res = await h.app.inject({ url: `${V2}/finalized`, headers: { accept } });
    assert.equal(res.statusCode, 406, accept);
    assert.equal(res.json().code, 406);
  }
});

test("If-None-Match gives 304; HEAD gives the headers without a body", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(2);
  h.apply(s);
  const hit = await h.app.inject({ url: `${V2}/finalized`, headers: { ...OCTET, "if-none-match": `"${s.state.root}"` } });
  assert.equal(hit.statusCode, 304);
  assert.equal(hit.rawPayload.length, 0);
  const miss = await h.app.inject({ url: `${V2}/finalized`, headers: { ...OCTET, "if-none-match": `"0x${"cd".repeat(32)}"` } });
  assert.equal(miss.statusCode, 200);
  const head = await h.app.inject({ method: "HEAD", url: `${V2}/16`, headers: OCTET });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers["content-length"], String(s.state.bytes.byteLength));
  assert.equal(head.headers["eth-consensus-version"], "bellatrix");
  assert.equal(head.rawPayload.length, 0);
});

test("moving ids are never cached past the moment the state goes stale, and 503 once it is", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  h.apply(checkpointState(2));
  h.clock.now += STALE_AFTER_MS - 20_000;
  assert.equal((await h.app.inject({ url: `${V2}/finalized`, headers: OCTET })).headers["cache-control"], "public, max-age=20, s-maxage=20");
  h.clock.now += 20_000;
  assert.equal((await h.app.inject({ url: `${V2}/finalized`, headers: OCTET })).statusCode, 503);
  // A held state by slot never changes: still served.
  assert.equal((await h.app.inject({ url: `${V2}/16`, headers: OCTET })).statusCode, 200);
});

test("404 for a slot or root not held, for genesis and justified; 400 for an id that is none", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  h.apply(checkpointState(2));
  for (const id of ["17", "15", `0x${"ee".repeat(32)}`, "genesis", "justified"]) {
    const res = await h.app.inject({ url: `${V2}/${id}`, headers: OCTET });
    assert.equal(res.statusCode, 404, id);
    assert.deepEqual(Object.keys(res.json()).sort(), ["code", "message"]);
  }
  for (const id of ["-1", "1e3", "0x12", "latest", "1234567890123456"]) {
    const res = await h.app.inject({ url: `${V2}/${id}`, headers: OCTET });
    assert.equal(res.statusCode, 400, id);
    assert.equal(res.json().code, 400);
  }
  const unknown = await h.app.inject({ url: "/eth/v1/beacon/nothing" });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 404);
});

test("the lean routes are not there on the beacon chain; the status API and /metrics are", async (t) => {
  const h = beaconHarness({}, createMetrics(new Registry()));
  t.after(() => h.app.close());
  h.apply(checkpointState(2));
  for (const url of ["/lean/v0/states/finalized", "/lean/v0/blocks/finalized", "/lean/v0/health", "/lean/v0/checkpoints/finalized"]) {
    assert.equal((await h.app.inject({ url })).statusCode, 404, url);
  }
  assert.equal((await h.app.inject({ url: "/status" })).statusCode, 200);
  assert.equal((await h.app.inject({ url: "/healthz" })).statusCode, 200);
});

test("state bytes sent are counted, HEAD and 304 not", async (t) => {
  const metrics = createMetrics(new Registry());
  const h = beaconHarness({}, metrics);
  t.after(() => h.app.close());
  const s = checkpointState(2);
  h.apply(s);
  await h.app.inject({ url: `${V2}/finalized`, headers: OCTET });
  await h.app.inject({ method: "HEAD", url: `${V2}/finalized`, headers: OCTET });
  await h.app.inject({ url: `${V2}/finalized`, headers: { ...OCTET, "if-none-match": `"${s.state.root}"` } });
  const sent = (await metrics.api.stateBytes.get()).values[0]?.value;
  assert.equal(sent, s.state.bytes.byteLength);
  const text = await metrics.registry.metrics();
  assert.match(text, /quorumpoint_api_requests_total\{route="\/eth\/v2\/debug\/beacon\/states\/:state_id",method="GET",status="200"\} 1/);
});

test("finality_checkpoints: the served checkpoint, downloadable at finalized.epoch x SLOTS_PER_EPOCH; parses with the probe's parser", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(3, { justifiedEpoch: 4 });
  h.apply(s);
  for (const id of ["head", "finalized", "24", s.state.root]) {
    const res = await h.app.inject({ url: `/eth/v1/beacon/states/${id}/finality_checkpoints`, headers: { accept: "*/*" } });
    assert.equal(res.statusCode, 200, id);
    const body = res.json();
    assert.equal(body.execution_optimistic, false);
    assert.equal(body.finalized, true);
    assert.equal(body.data.finalized.epoch, "3");
    const f = parseFinalityCheckpoints(body);
    assert.deepEqual(f.finalized, { epoch: 3, root: s.state.blockRoot });
    assert.deepEqual(f.currentJustified, { epoch: 4, root: s.justified.root });
    assert.deepEqual(f.previousJustified, f.currentJustified);
    const state = await h.app.inject({ url: `${V2}/${f.finalized.epoch * SPE}`, headers: OCTET });
    assert.equal(state.statusCode, 200);
    assert.deepEqual(new Uint8Array(state.rawPayload), s.state.bytes);
  }
  assert.equal((await h.app.inject({ url: "/eth/v1/beacon/states/head/finality_checkpoints" })).headers["cache-control"], "public, max-age=5, s-maxage=5");
});

test("finality_checkpoints: a justified checkpoint older than finalized is never served below it", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(3, { justifiedEpoch: 1 });
  h.apply(s);
  const f = parseFinalityCheckpoints((await h.app.inject({ url: "/eth/v1/beacon/states/head/finality_checkpoints" })).json());
  assert.deepEqual(f.currentJustified, f.finalized);
  assert.deepEqual(f.previousJustified, f.finalized);
});

test("a pinned client keeps its state across a checkpoint change; others get the new one", async (t) => {
  const h = beaconHarness({ settings: { quorum: 0.5, minAgree: 1, quorumOf: "answering", pollIntervalMs: INTERVAL_MS, pollConcurrency: 8, workers: 2, staleAfterMs: STALE_AFTER_MS, pairWindowMs: 30_000 } });
  t.after(() => h.app.close());
  const a = checkpointState(2);
  const b = checkpointState(3);
  h.apply(a);
  const first = await h.app.inject({ url: "/eth/v2/beacon/blocks/finalized", headers: OCTET, remoteAddress: "10.0.0.1" });
  assert.deepEqual(new Uint8Array(first.rawPayload), a.block.bytes);
  h.apply(b);
  const pinned = await h.app.inject({ url: `${V2}/finalized`, headers: OCTET, remoteAddress: "10.0.0.1" });
  assert.equal(pinned.headers.etag, `"${a.state.root}"`);
  assert.equal(pinned.headers["cache-control"], "private, no-store");
  const other = await h.app.inject({ url: `${V2}/finalized`, headers: OCTET, remoteAddress: "10.0.0.2" });
  assert.equal(other.headers.etag, `"${b.state.root}"`);
});

test("superseded states past --max-pinned-superseded: 503 by slot, and a pinned client gets the served state", async (t) => {
  const settings = { quorum: 0.5, minAgree: 1, quorumOf: "answering" as const, pollIntervalMs: INTERVAL_MS, pollConcurrency: 8, workers: 2, staleAfterMs: STALE_AFTER_MS, pairWindowMs: 30_000 };
  // No superseded state may be kept by a download at all: the bound is already reached.
  const h = beaconHarness({ settings: { ...settings, serving: { maxPinnedSuperseded: 0 } } });
  t.after(() => h.app.close());
  const a = checkpointState(2);
  const b = checkpointState(3);
  h.apply(a);
  await h.app.inject({ url: "/eth/v2/beacon/blocks/finalized", headers: OCTET, remoteAddress: "10.0.0.1" });
  h.apply(b);
  const busy = await h.app.inject({ url: `${V2}/16`, headers: OCTET });
  assert.equal(busy.statusCode, 503);
  assert.equal(busy.json().code, 503);
  assert.ok(busy.headers["retry-after"]);
  assert.equal((await h.app.inject({ method: "HEAD", url: `${V2}/16`, headers: OCTET })).statusCode, 200);
  assert.equal((await h.app.inject({ url: `${V2}/24`, headers: OCTET })).statusCode, 200);
  const pinned = await h.app.inject({ url: `${V2}/finalized`, headers: OCTET, remoteAddress: "10.0.0.1" });
  assert.equal(pinned.headers.etag, `"${b.state.root}"`);
  // Pinned afresh to the served pair: its next block matches the state it got.
  const block = await h.app.inject({ url: "/eth/v2/beacon/blocks/finalized", headers: OCTET, remoteAddress: "10.0.0.1" });
  assert.deepEqual(new Uint8Array(block.rawPayload), b.block.bytes);
});
