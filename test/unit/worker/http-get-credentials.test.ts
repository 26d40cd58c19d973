/**
 * boundedGet sends the task's headers on the request and never puts userinfo in a message:
 * the config strips it from the URL, and the handler redacts any URL it names all the same.
 */
import { test } from "node:test";
import { serveWithAgent } from "../../support/loopback-server.js";
import assert from "node:assert/strict";
import type http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { boundedGet, createAgent, type GetOptions } from "../../../src/worker/http-get.js";
import { phasesFor } from "../../../src/model/phases.js";

const opts = (o: Partial<GetOptions> = {}): GetOptions => ({
  signal: new AbortController().signal, maxBytes: 1 << 20, accept: "application/octet-stream", collect: true, digest: false, ...o,
});

test("the given headers go with the request, beside accept and if-none-match", async (t) => {
  const seen: http.IncomingHttpHeaders[] = [];
  const { url, server, agent } = await serveWithAgent(t, (req, res) => {
    seen.push(req.headers);
    res.writeHead(req.url === "/big" ? 200 : 503, { "content-length": req.url === "/big" ? 10 : 0 }).end(req.url === "/big" ? "0123456789" : "");
  });
  const headers = { authorization: "Basic dXNlcjpzZWNyZXQ=", "x-api-key": "k-1" };
  const r = await boundedGet(agent, `${url}/x`, opts({ headers, ifNoneMatch: '"e"' }));
  assert.equal(r.ok, false);
  assert.equal(seen[0]!.authorization, headers.authorization);
  assert.equal(seen[0]!["x-api-key"], "k-1");
  assert.equal(seen[0]!.accept, "application/octet-stream");
  assert.equal(seen[0]!["if-none-match"], '"e"');
  // Userinfo that reached the worker anyway: not sent in the request line, not in the message.
  const big = await boundedGet(agent, `http://user:secret@127.0.0.1:${(server.address() as AddressInfo).port}/big`, opts({ maxBytes: 4 }));
  assert.ok(!big.ok && big.code === "too_large");
  assert.ok(!big.message.includes("secret"), big.message);
  const err = await boundedGet(agent, `http://user:secret@127.0.0.1:${(server.address() as AddressInfo).port}/err`, opts());
  assert.ok(!err.ok && err.code === "http_503");
  assert.equal(err.message, `HTTP 503 from http://***@127.0.0.1:${(server.address() as AddressInfo).port}/err`);
  assert.equal(seen[2]!.authorization, undefined, "userinfo is not sent unless the config made it a header");
});

test("a connection failure's message names the URL without userinfo", async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  const agent = createAgent(phasesFor(2000));
  try {
    const r = await boundedGet(agent, `http://user:secret@127.0.0.1:${port}/lean/v0/states/finalized`, opts());
    assert.ok(!r.ok && r.code === "refused");
    assert.equal(r.message, `connection refused (http://***@127.0.0.1:${port}/lean/v0/states/finalized)`);
  } finally {
    await agent.destroy();
  }
});
