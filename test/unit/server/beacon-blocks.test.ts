/** /eth/v1/beacon/blocks/{id}/root, /eth/v2/beacon/blocks/{id}, /eth/v1/beacon/headers/{id} over real minimal-preset blocks. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBeaconHeader } from "../../../src/beacon/probe-answers.js";
import { readSignedBeaconBlock } from "../../../src/beacon/verify-block.js";
import { createMetrics } from "../../../src/metrics/metrics.js";
import { Registry } from "prom-client";
import { beaconHarness, checkpointState, network, SPE, types } from "./beacon-fixtures.js";

const OCTET = { accept: "application/octet-stream" };

test("blocks/{id}/root: the checkpoint's block root by finalized, head, block slot and root", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(2);
  h.apply(s, false);
  for (const id of ["finalized", "head", "16", s.state.blockRoot]) {
    const res = await h.app.inject({ url: `/eth/v1/beacon/blocks/${id}/root` });
    assert.equal(res.statusCode, 200, id);
    assert.deepEqual(res.json(), { execution_optimistic: false, finalized: true, data: { root: s.state.blockRoot } });
  }
  assert.equal((await h.app.inject({ url: "/eth/v1/beacon/blocks/17/root" })).statusCode, 404);
});

test("blocks/{id}: SSZ when asked, with the block's fork, its digest as ETag, 304; counted", async (t) => {
  const metrics = createMetrics(new Registry());
  const h = beaconHarness({}, metrics);
  t.after(() => h.app.close());
  const s = checkpointState(3);
  h.apply(s);
  for (const accept of ["application/octet-stream", "application/octet-stream,application/json;q=0.9", "application/json;q=0.5,application/octet-stream"]) {
    const res = await h.app.inject({ url: "/eth/v2/beacon/blocks/finalized", headers: { accept } });
    assert.equal(res.statusCode, 200, accept);
    assert.equal(res.headers["content-type"], "application/octet-stream");
    assert.deepEqual(new Uint8Array(res.rawPayload), s.block.bytes);
    assert.equal(res.headers["eth-consensus-version"], "capella");
    assert.equal(res.headers.etag, `"${s.block.digest}"`);
    assert.equal(res.headers.vary, "Accept");
    // What a worker reads from the served bytes is the checkpoint's block.
    assert.equal(readSignedBeaconBlock(new Uint8Array(res.rawPayload), network, types).root, s.state.blockRoot);
  }
  const hit = await h.app.inject({ url: "/eth/v2/beacon/blocks/24", headers: { ...OCTET, "if-none-match": `"${s.block.digest}"` } });
  assert.equal(hit.statusCode, 304);
  assert.equal(hit.headers["cache-control"], "public, max-age=6000, s-maxage=6000");
  assert.equal((await metrics.api.blockBytes.get()).values[0]?.value, s.block.bytes.byteLength * 3);
});

test("blocks/{id}: JSON by default, for */* and application/json, from the worker's rendering", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(2);
  h.apply(s);
  for (const headers of [{}, { accept: "*/*" }, { accept: "application/json" }]) {
    const res = await h.app.inject({ url: "/eth/v2/beacon/blocks/head", headers });
    assert.equal(res.statusCode, 200, JSON.stringify(headers));
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    assert.equal(res.headers["eth-consensus-version"], "bellatrix");
    assert.deepEqual(res.json(), { version: "bellatrix", execution_optimistic: false, finalized: true, data: s.blockJson });
  }
  assert.equal((await h.app.inject({ url: "/eth/v2/beacon/blocks/head", headers: { accept: "text/html" } })).statusCode, 406);
});

test("no block held: 503 for the served checkpoint, 404 for an older one; the root still answers", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const a = checkpointState(2);
  const b = checkpointState(3);
  h.apply(a, false);
  h.apply(b, false);
  const served = await h.app.inject({ url: "/eth/v2/beacon/blocks/finalized", headers: OCTET });
  assert.equal(served.statusCode, 503);
  assert.equal(served.json().code, 503);
  assert.ok(served.headers["retry-after"]);
  assert.equal((await h.app.inject({ url: "/eth/v2/beacon/blocks/16", headers: OCTET })).statusCode, 404);
  assert.equal((await h.app.inject({ url: "/eth/v1/beacon/headers/head" })).statusCode, 503);
  assert.equal((await h.app.inject({ url: "/eth/v1/beacon/headers/16" })).statusCode, 404);
  assert.equal((await h.app.inject({ url: "/eth/v1/beacon/blocks/16/root" })).statusCode, 200);
});

test("headers/{id}: the state's latest_block_header, state_root filled, the block's signature; parses with the probe's parser", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const s = checkpointState(2);
  h.apply(s);
  for (const id of ["finalized", "head", "16", s.state.blockRoot]) {
    const res = await h.app.inject({ url: `/eth/v1/beacon/headers/${id}` });
    assert.equal(res.statusCode, 200, id);
    const body = res.json();
    assert.equal(body.finalized, true);
    const header = parseBeaconHeader(body);
    const message = s.state.block.value.message;
    assert.deepEqual(header, {
      root: s.state.blockRoot, canonical: true, slot: 16, proposerIndex: message.proposerIndex,
      parentRoot: `0x${Buffer.from(message.parentRoot).toString("hex")}`,
      // The state is its block's own post-state: the header's zero state_root is the state's root.
      stateRoot: s.state.root, bodyRoot: `0x${Buffer.from(types.ssz.bellatrix.BeaconBlockBody.hashTreeRoot(message.body)).toString("hex")}`,
      signature: `0x${(0xa0 + 2).toString(16).repeat(96)}`,
    });
    assert.equal(header.stateRoot, s.state.blockStateRoot);
  }
});

test("the epoch-boundary case: a checkpoint whose block is below the state's slot", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  // Epoch 5 (deneb) starts at slot 40; its last block is at slot 37 (capella), then empty slots.
  const s = checkpointState(5, { blockSlot: 37 });
  h.apply(s);
  const header = parseBeaconHeader((await h.app.inject({ url: "/eth/v1/beacon/headers/finalized" })).json());
  assert.equal(header.slot, 37);
  assert.equal(header.root, s.state.blockRoot);
  // Already filled when the first empty slot was processed: the block's own post-state root, not the served state's.
  assert.equal(header.stateRoot, s.state.blockStateRoot);
  assert.notEqual(header.stateRoot, s.state.root);
  const block = await h.app.inject({ url: "/eth/v2/beacon/blocks/37", headers: OCTET });
  assert.equal(block.statusCode, 200);
  assert.deepEqual(new Uint8Array(block.rawPayload), s.block.bytes);
  assert.equal(block.headers["eth-consensus-version"], "capella");
  assert.equal((await h.app.inject({ url: "/eth/v2/beacon/blocks/40", headers: OCTET })).statusCode, 404);
  assert.equal((await h.app.inject({ url: "/eth/v1/beacon/blocks/37/root" })).json().data.root, s.state.blockRoot);
  // The state itself: by its own slot, of the state's fork.
  const state = await h.app.inject({ url: `/eth/v2/debug/beacon/states/${5 * SPE}`, headers: OCTET });
  assert.equal(state.headers["eth-consensus-version"], "deneb");
  assert.equal((await h.app.inject({ url: "/eth/v2/debug/beacon/states/37", headers: OCTET })).statusCode, 404);
});

test("Lighthouse's order: state finalized, then the block at latest_block_header.slot, a matching pair across a change", async (t) => {
  const h = beaconHarness();
  t.after(() => h.app.close());
  const a = checkpointState(2);
  h.apply(a);
  const state = await h.app.inject({ url: "/eth/v2/debug/beacon/states/finalized", headers: OCTET });
  const bytes = new Uint8Array(state.rawPayload);
  const blockSlot = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(64, true));
  h.apply(checkpointState(3));
  const block = await h.app.inject({ url: `/eth/v2/beacon/blocks/${blockSlot}`, headers: OCTET });
  assert.equal(block.statusCode, 200);
  assert.deepEqual(new Uint8Array(block.rawPayload), a.block.bytes);
});
