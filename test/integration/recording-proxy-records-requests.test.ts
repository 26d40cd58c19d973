/**
 * The recording proxy the Lodestar interop tests stand between a client and its checkpoint
 * URL: it forwards bytes unchanged both ways and records each exchange in order; a target
 * that is down is a 502 and a recorded error, not a crash.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { requestLines, startRecordingProxy } from "../support/recording-proxy.js";

const STATE = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));

test("forwards requests and answers unchanged and records method, path, Accept, status, type and body", async (t) => {
  const seen: Array<{ path: string | undefined; host: string | undefined; body: string }> = [];
  const target = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += String(c)));
    req.on("end", () => {
      seen.push({ path: req.url, host: req.headers.host, body });
      if (req.url?.startsWith("/state")) return res.writeHead(200, { "content-type": "application/octet-stream" }).end(STATE);
      res.writeHead(404, { "content-type": "application/json" }).end('{"code":404}');
    });
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const targetPort = (target.address() as AddressInfo).port;
  const proxy = await startRecordingProxy(`http://127.0.0.1:${targetPort}`, { maxBodyBytes: 1000 });
  t.after(async () => {
    await proxy.close();
    target.closeAllConnections();
    await new Promise<void>((r) => target.close(() => r()));
  });

  const a = await fetch(`${proxy.url}/state/1?x=y`, { headers: { accept: "application/octet-stream" } });
  assert.equal(a.status, 200);
  assert.deepEqual(Buffer.from(await a.arrayBuffer()), STATE);
  const b = await fetch(`${proxy.url}/missing`, { method: "POST", body: "hello" });
  assert.equal(b.status, 404);
  assert.equal(await b.text(), '{"code":404}');

  assert.deepEqual(requestLines(proxy), ["GET /state/1?x=y", "POST /missing"]);
  assert.deepEqual(seen.map((s) => s.path), ["/state/1?x=y", "/missing"]);
  assert.equal(seen[0].host, `127.0.0.1:${targetPort}`, "the target sees its own host");
  assert.equal(seen[1].body, "hello");
  const [ra, rb] = proxy.exchanges;
  assert.equal(ra.accept, "application/octet-stream");
  assert.deepEqual(ra.response && { ...ra.response, body: [...ra.response.body] },
    { status: 200, contentType: "application/octet-stream", body: [...STATE.subarray(0, 1000)], truncated: true });
  assert.equal(rb.accept, "*/*", "fetch's default Accept");
  assert.equal(rb.response?.status, 404);
  assert.equal(rb.response?.body.toString(), '{"code":404}');
  assert.equal(rb.response?.truncated, false);
});

test("a target that is down is a 502 to the client and an error in the record", async (t) => {
  const dead = http.createServer();
  await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
  const port = (dead.address() as AddressInfo).port;
  await new Promise<void>((r) => dead.close(() => r()));
  const proxy = await startRecordingProxy(`http://127.0.0.1:${port}`);
  t.after(() => proxy.close());
  const res = await fetch(`${proxy.url}/eth/v1/beacon/genesis`);
  assert.equal(res.status, 502);
  await res.arrayBuffer();
  assert.equal(proxy.exchanges.length, 1);
  assert.equal(proxy.exchanges[0].response, null);
  assert.match(proxy.exchanges[0].error ?? "", /ECONNREFUSED/);
});
