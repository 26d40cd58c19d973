import { test } from "node:test";
import { serveWithAgent } from "../../support/loopback-server.js";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { boundedGet, mapHttpError, type GetOptions } from "../../../src/worker/http-get.js";
import { phasesFor } from "../../../src/model/phases.js";
import { eventually } from "../../support/eventually.js";

const BODY = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + 3) & 0xff);
const SHA = "0x" + createHash("sha256").update(BODY).digest("hex");

/** One loopback server for the file: counts connections and requests per path. */
async function serve(t: { after(fn: () => unknown): void }) {
  const seen: Array<{ url: string; inm: string | undefined; accept: string | undefined }> = [];
  let connections = 0;
  const { url, server, agent } = await serveWithAgent(t, (req, res) => {
    seen.push({ url: req.url!, inm: req.headers["if-none-match"], accept: req.headers.accept });
    const etag = '"v1"';
    if (req.url === "/sized") res.writeHead(200, { "content-type": "application/octet-stream", "content-length": BODY.length, etag }).end(BODY);
    else if (req.url === "/chunked") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      for (let off = 0; off < BODY.length; off += 40_000) res.write(BODY.subarray(off, off + 40_000));
      res.end();
    } else if (req.url === "/cached") {
      if (req.headers["if-none-match"] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { etag, "content-length": 2 }).end("{}");
    } else if (req.url === "/nometag") res.writeHead(304).end();
    else if (req.url === "/error") res.writeHead(503, { "content-type": "application/json" }).end('{"error":"not yet"}');
    else res.writeHead(404).end();
  });
  server.on("connection", () => connections++);
  /**
   * Resolves once the agent's socket to the server is free for the next request: undici
   * frees it a tick after the response ended, and a request sent before would open another.
   */
  const socketFree = () => eventually(() => {
    const st = agent.stats[url] as { connected: number; free?: number; running: number } | undefined;
    return st === undefined || (st.free === st.connected && st.running === 0);
  }, { timeoutMs: 5000, intervalMs: 1, message: () => `a free socket (stats: ${JSON.stringify(agent.stats[url])})` });
  return { url, agent, seen, connections: () => connections, socketFree };
}
const opts = (o: Partial<GetOptions> = {}): GetOptions => ({
  signal: new AbortController().signal, maxBytes: 1 << 20, accept: "application/octet-stream", collect: true, digest: true, ...o,
});

/** The body must own its whole ArrayBuffer: the worker transfers it to the main thread. */
function assertTransferable(body: Uint8Array) {
  assert.equal(body.byteOffset, 0);
  assert.equal(body.buffer.byteLength, body.length);
  const moved = structuredClone(body, { transfer: [body.buffer as ArrayBuffer] });
  assert.equal(body.byteLength, 0, "the original is detached by the transfer");
  return moved;
}

test("a sized body is collected into one exact buffer, digested, with its headers", async (t) => {
  const s = await serve(t);
  const r = await boundedGet(s.agent, s.url + "/sized", opts());
  assert.ok(r.ok);
  assert.equal(r.status, 200);
  assert.equal(r.contentType, "application/octet-stream");
  assert.equal(r.etag, '"v1"');
  assert.equal(r.bytes, BODY.length);
  assert.equal(r.digest, SHA);
  assert.deepEqual(assertTransferable(r.body!), BODY);
});

test("a chunked body is joined into one fresh buffer of exactly its size", async (t) => {
  const s = await serve(t);
  const r = await boundedGet(s.agent, s.url + "/chunked", opts());
  assert.ok(r.ok);
  assert.equal(r.bytes, BODY.length);
  assert.equal(r.digest, SHA);
  assert.equal(r.etag, null);
  assert.deepEqual(assertTransferable(r.body!), BODY);
});

test("received is told each 2xx body chunk, whether kept or only hashed; never a drained body", async (t) => {
  const s = await serve(t);
  for (const path of ["/sized", "/chunked"]) {
    for (const collect of [true, false]) {
      const seen: number[] = [];
      const r = await boundedGet(s.agent, s.url + path, opts({ collect, received: (n) => seen.push(n) }));
      assert.ok(r.ok);
      assert.equal(seen.reduce((a, b) => a + b, 0), BODY.length, `${path} collect=${collect}`);
      assert.ok(seen.length > 1, "chunk by chunk, as they arrive");
    }
  }
  const drained: number[] = [];
  const err = await boundedGet(s.agent, s.url + "/error", opts({ received: (n) => drained.push(n) }));
  assert.equal(err.ok, false);
  assert.deepEqual(drained, [], "a non-2xx body is drained, not received");
});

test("digest-only keeps nothing, or just the prefix asked for", async (t) => {
  const s = await serve(t);
  for (const path of ["/sized", "/chunked"]) {
    const bare = await boundedGet(s.agent, s.url + path, opts({ collect: false }));
    assert.ok(bare.ok);
    assert.equal(bare.body, null);
    assert.equal(bare.digest, SHA);
    assert.equal(bare.bytes, BODY.length);
    const pre = await boundedGet(s.agent, s.url + path, opts({ collect: false, prefixBytes: 100 }));
    assert.ok(pre.ok);
    assert.deepEqual(pre.body, BODY.subarray(0, 100));
    assert.equal(pre.digest, SHA);
  }
  const small = await boundedGet(s.agent, s.url + "/cached", opts({ collect: false, digest: false, prefixBytes: 100 }));
  assert.ok(small.ok);
  assert.equal(small.digest, null);
  assert.deepEqual(small.body, new TextEncoder().encode("{}"), "a prefix longer than the body is cut to the body");
});

test("a conditional GET answered 304 is ok without a body, keeping the ETag", async (t) => {
  const s = await serve(t);
  const r = await boundedGet(s.agent, s.url + "/cached", opts({ ifNoneMatch: '"v1"' }));
  assert.deepEqual(r, { ok: true, status: 304, contentType: "", body: null, digest: null, bytes: 0, etag: '"v1"' });
  assert.equal(s.seen.at(-1)!.inm, '"v1"');
  const stale = await boundedGet(s.agent, s.url + "/cached", opts({ ifNoneMatch: '"v0"' }));
  assert.ok(stale.ok && stale.status === 200 && stale.bytes === 2);
  // A 304 without an ETag of its own keeps the one asked with.
  const bare = await boundedGet(s.agent, s.url + "/nometag", opts({ ifNoneMatch: '"v7"' }));
  assert.ok(bare.ok && bare.status === 304 && bare.etag === '"v7"');
  // Unasked, a 304 is just another non-2xx answer.
  const unasked = await boundedGet(s.agent, s.url + "/nometag", opts());
  assert.ok(!unasked.ok && unasked.code === "http_304");
  assert.equal(s.seen.at(-1)!.inm, undefined, "no If-None-Match header unless asked");
});

test("non-2xx answers are http_<status> failures and leave the connection reusable", async (t) => {
  const s = await serve(t);
  // undici reuses a socket one tick after its response ended: wait for it between requests.
  for (let i = 0; i < 3; i++) {
    await s.socketFree();
    const r = await boundedGet(s.agent, s.url + "/error", opts());
    assert.deepEqual(r, { ok: false, status: 503, code: "http_503", message: `HTTP 503 from ${s.url}/error`, bytes: 0 });
    await s.socketFree();
    const missing = await boundedGet(s.agent, s.url + "/missing", opts());
    assert.ok(!missing.ok && missing.code === "http_404");
  }
  await s.socketFree();
  const ok = await boundedGet(s.agent, s.url + "/sized", opts());
  assert.ok(ok.ok);
  assert.equal(s.connections(), 1, "every answer, failures included, was read to its end on one socket");
});

test("the accept header is sent; an invalid URL is a protocol failure, not a throw", async (t) => {
  const s = await serve(t);
  const sent = await boundedGet(s.agent, s.url + "/cached", opts({ accept: "application/json" }));
  assert.ok(sent.ok);
  assert.equal(s.seen.at(-1)!.accept, "application/json");
  const r = await boundedGet(s.agent, "not a url", opts());
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.code === "protocol" && r.status === 0 && r.bytes === 0);
});

test("phasesFor keeps every undici phase strictly inside the per-poll bound", () => {
  for (const ms of [100, 1000, 5000, 30_000]) {
    const p = phasesFor(ms);
    for (const v of [p.connectTimeoutMs, p.headersTimeoutMs, p.bodyTimeoutMs]) assert.ok(v > 0 && v < ms, `${v} within ${ms}`);
  }
});

test("mapHttpError maps by code and name, never by class", () => {
  const cases: Array<[unknown, string]> = [
    [{ code: "UND_ERR_CONNECT_TIMEOUT" }, "timeout"],
    [{ code: "UND_ERR_HEADERS_TIMEOUT" }, "timeout"],
    [{ code: "UND_ERR_BODY_TIMEOUT" }, "timeout"],
    [{ code: "ECONNREFUSED" }, "refused"],
    [{ cause: { code: "ECONNRESET" } }, "refused"],
    [{ code: "EPIPE" }, "refused"],
    [{ code: "ENOTFOUND" }, "unreachable"],
    [{ code: "UND_ERR_RES_EXCEEDED_MAX_SIZE" }, "too_large"],
    [{ code: "UND_ERR_SOCKET", message: "other side closed" }, "protocol"],
    [new DOMException("budget", "TimeoutError"), "timeout"],
    [new DOMException("shutdown", "AbortError"), "timeout"],
    [new Error("weird"), "protocol"],
  ];
  for (const [err, code] of cases) assert.equal(mapHttpError(err).code, code, JSON.stringify(err));
});
