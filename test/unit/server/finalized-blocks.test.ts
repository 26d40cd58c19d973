import { test } from "node:test";
import assert from "node:assert/strict";
import { readSignedBlock, toHex } from "../../../src/lean/index.js";
import { decide, harness, INTERVAL_MS, state } from "./fixtures.js";

const BLOCK = "/lean/v0/blocks/finalized";
const STATE = "/lean/v0/states/finalized";

test("the served checkpoint's block: its bytes, SSZ type, an ETag of its bytes, cache and checkpoint headers", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 3), s);
  const res = await h.app.inject({ url: BLOCK });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["content-type"], "application/octet-stream");
  assert.deepEqual(new Uint8Array(res.rawPayload), s.block.bytes);
  assert.equal(toHex(readSignedBlock(new Uint8Array(res.rawPayload)).blockRoot), s.verified.finalized.root);
  assert.equal(res.headers.etag, `"${s.block.digest}"`);
  assert.equal(res.headers["cache-control"], `public, max-age=${INTERVAL_MS / 1000}, s-maxage=${INTERVAL_MS / 1000}`);
  assert.equal(res.headers["x-quorumpoint-finalized-root"], s.verified.finalized.root);
  assert.equal(res.headers["x-quorumpoint-state-root"], s.verified.stateRoot);

  const again = await h.app.inject({ url: BLOCK, headers: { "if-none-match": res.headers.etag as string } });
  assert.equal(again.statusCode, 304);
  const head = await h.app.inject({ method: "HEAD", url: BLOCK });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers["content-length"], String(s.block.bytes.length));
});

test("503 with a JSON reason when no agreeing upstream served a block, while the state is still served", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.applyWithoutBlocks(decide(s, 3), s);
  const res = await h.app.inject({ url: BLOCK });
  assert.equal(res.statusCode, 503);
  assert.equal(res.headers["cache-control"], "no-store");
  assert.equal(res.json().error, "no_verified_block");
  assert.equal((await h.app.inject({ url: STATE })).statusCode, 200);

  // A later round whose agreeing upstreams do serve it attaches the block to the same checkpoint.
  h.apply(decide(s, 3), s);
  assert.deepEqual(new Uint8Array((await h.app.inject({ url: BLOCK })).rawPayload), s.block.bytes);
});

test("the history by slot serves each held checkpoint's own block", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const a = state(12, 1);
  const b = state(16, 2, 64, a);
  h.apply(decide(a, 2), a);
  h.apply(decide(b, 2), b);
  assert.deepEqual(new Uint8Array((await h.app.inject({ url: `${BLOCK}/12` })).rawPayload), a.block.bytes);
  assert.deepEqual(new Uint8Array((await h.app.inject({ url: `${BLOCK}/16` })).rawPayload), b.block.bytes);
  assert.equal((await h.app.inject({ url: `${BLOCK}/13` })).statusCode, 404);
});

test("every URL form a lean client builds reaches the routes: trailing slash, doubled slash, query string", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 3), s);
  for (const url of [`${STATE}/`, `/${STATE}`, `${STATE}?x=1`, `${STATE}/?x=1`, `${BLOCK}/`, `/${BLOCK}`, `${BLOCK}?x=1`]) {
    const res = await h.app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    const want = url.includes("blocks") ? s.block.bytes : s.bytes;
    assert.deepEqual(new Uint8Array(res.rawPayload), want, url);
  }
  for (const accept of [undefined, "*/*", "application/octet-stream", "application/json"]) {
    const res = await h.app.inject({ url: STATE, headers: accept === undefined ? {} : { accept } });
    assert.equal(res.headers["content-type"], "application/octet-stream", String(accept));
  }
});

test("a client's block and state stay one pair across a change of the served checkpoint, within the pair window", async (t) => {
  const h = harness({ settings: { quorum: 0.5, minAgree: 1, quorumOf: "answering", pollIntervalMs: INTERVAL_MS, pollConcurrency: 8, workers: 2, staleAfterMs: 10_000, pairWindowMs: 5_000 } });
  t.after(() => h.app.close());
  const a = state(12, 1);
  const b = state(16, 2, 64, a);
  h.apply(decide(a, 2), a);
  const client = "127.0.0.5";
  const block = await h.app.inject({ url: BLOCK, remoteAddress: client });
  assert.deepEqual(new Uint8Array(block.rawPayload), a.block.bytes);

  h.apply(decide(b, 2), b); // the served checkpoint moves between the client's two requests
  h.clock.now += 1000;
  const st = await h.app.inject({ url: STATE, remoteAddress: client });
  assert.deepEqual(new Uint8Array(st.rawPayload), a.bytes, "the state of the block it already has");
  assert.equal(st.headers["cache-control"], "private, no-store", "a pinned older pair is never cached for others");
  assert.equal(st.headers["x-quorumpoint-finalized-root"], a.verified.finalized.root);

  const other = await h.app.inject({ url: STATE, remoteAddress: "127.0.0.6" });
  assert.deepEqual(new Uint8Array(other.rawPayload), b.bytes, "a new client gets the new checkpoint");

  h.clock.now += 5000;
  const later = await h.app.inject({ url: STATE, remoteAddress: client });
  assert.deepEqual(new Uint8Array(later.rawPayload), b.bytes, "after the window the client moves on");
  const laterBlock = await h.app.inject({ url: BLOCK, remoteAddress: client });
  assert.deepEqual(new Uint8Array(laterBlock.rawPayload), b.block.bytes);
});

test("with the pair window off, every request gets the served checkpoint", async (t) => {
  const h = harness(); // pairWindowMs 0
  t.after(() => h.app.close());
  const a = state(12, 1);
  const b = state(16, 2, 64, a);
  h.apply(decide(a, 2), a);
  await h.app.inject({ url: BLOCK, remoteAddress: "127.0.0.5" });
  h.apply(decide(b, 2), b);
  assert.deepEqual(new Uint8Array((await h.app.inject({ url: STATE, remoteAddress: "127.0.0.5" })).rawPayload), b.bytes);
});
