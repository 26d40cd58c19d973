import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, harness, INTERVAL_MS, STALE_AFTER_MS, state } from "./fixtures.js";

const URL_ = "/lean/v0/states/finalized";

test("200 serves the stored bytes with the SSZ type, length, ETag, cache and checkpoint headers", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 3, [], 1), s);
  const res = await h.app.inject({ method: "GET", url: URL_ });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["content-type"], "application/octet-stream");
  assert.equal(res.headers["content-length"], String(s.bytes.length));
  assert.deepEqual(new Uint8Array(res.rawPayload), s.bytes);
  assert.equal(res.headers.etag, `"${s.verified.stateRoot}"`);
  assert.equal(res.headers["cache-control"], `public, max-age=${INTERVAL_MS / 1000}, s-maxage=${INTERVAL_MS / 1000}`);
  assert.equal(res.headers["x-quorumpoint-finalized-slot"], "12");
  assert.equal(res.headers["x-quorumpoint-finalized-root"], s.verified.finalized.root);
  assert.equal(res.headers["x-quorumpoint-state-root"], s.verified.stateRoot);
  assert.equal(res.headers["x-quorumpoint-state-sha256"], s.verified.digest);
  assert.equal(res.headers["x-quorumpoint-state-slot"], String(s.verified.slot));
  // No upstream reported a justified checkpoint and the state's own is older: the finalized one stands in.
  assert.equal(res.headers["x-quorumpoint-justified-slot"], "12");
  assert.equal(res.headers["x-quorumpoint-agreeing"], "3/3");
});

test("max-age never reaches past the moment the state goes stale", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 2), s);
  h.clock.now += STALE_AFTER_MS - 1500;
  const res = await h.app.inject({ url: URL_ });
  assert.equal(res.headers["cache-control"], "public, max-age=1, s-maxage=1");
});

test("HEAD answers the headers of GET without a body", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 2), s);
  const res = await h.app.inject({ method: "HEAD", url: URL_ });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["content-length"], String(s.bytes.length));
  assert.equal(res.headers.etag, `"${s.verified.stateRoot}"`);
  assert.equal(res.rawPayload.length, 0);
});

test("If-None-Match with the ETag gives 304 without a body; another tag gives the bytes", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 2), s);
  const etag = `"${s.verified.stateRoot}"`;
  for (const header of [etag, `W/${etag}`, `"0xother", ${etag}`, "*"]) {
    const res = await h.app.inject({ url: URL_, headers: { "if-none-match": header } });
    assert.equal(res.statusCode, 304, header);
    assert.equal(res.rawPayload.length, 0);
    assert.equal(res.headers.etag, etag);
  }
  const other = await h.app.inject({ url: URL_, headers: { "if-none-match": `"${"0x" + "ab".repeat(32)}"` } });
  assert.equal(other.statusCode, 200);
  assert.equal(other.rawPayload.length, s.bytes.length);
});

test("history: /states/finalized/:slot serves held states, 404 for others, 400 for a bad slot", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const a = state(12, 1);
  const b = state(16, 1, 64, a);
  h.apply(decide(a, 2), a);
  h.apply(decide(b, 2), b);
  const old = await h.app.inject({ url: `${URL_}/12` });
  assert.equal(old.statusCode, 200);
  assert.deepEqual(new Uint8Array(old.rawPayload), a.bytes);
  assert.equal(old.headers.etag, `"${a.verified.stateRoot}"`);
  assert.equal((await h.app.inject({ url: `${URL_}/16`, headers: { "if-none-match": `"${b.verified.stateRoot}"` } })).statusCode, 304);
  const missing = await h.app.inject({ url: `${URL_}/13` });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error, "not_found");
  for (const bad of ["abc", "-1", "1e3", "9".repeat(40)]) {
    const res = await h.app.inject({ url: `${URL_}/${bad}` });
    assert.equal(res.statusCode, 400, bad);
    assert.equal(res.json().error, "bad_request");
  }
  // A param past routerOptions.maxParamLength never reaches the handler.
  assert.equal((await h.app.inject({ url: `${URL_}/${"1".repeat(200)}` })).statusCode, 414);
});
