/**
 * Every 4xx/5xx the server answers has the API's ErrorBody shape `{error, message}` (and
 * `reason` where there is one): fastify's validation, URL and parser errors, 404 for an
 * unknown path or method, and Node's own answers to a malformed or oversized request head.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { harness } from "./fixtures.js";

function assertErrorBody(body: unknown, error: string, what: string): void {
  assert.equal(typeof body, "object", what);
  const keys = Object.keys(body as object).sort();
  assert.ok(keys.join() === "error,message" || keys.join() === "error,message,reason", `${what}: keys ${keys.join()}`);
  assert.equal((body as { error: string }).error, error, what);
  assert.equal(typeof (body as { message: unknown }).message, "string", what);
}

test("fastify's own 400s, 404s and 414s carry the API's error shape", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const cases: Array<[string, string, number, string]> = [
    ["GET", "/lean/v0/states/finalized/abc", 400, "bad_request"], // param validation
    ["GET", "/lean/v0/blocks/finalized/-1", 400, "bad_request"],
    ["GET", "/lean/v0/states/finalized/%zz", 400, "bad_request"], // a URL that does not decode
    ["GET", `/lean/v0/states/finalized/${"1".repeat(120)}`, 414, "uri_too_long"],
    ["GET", "/nope", 404, "not_found"],
    ["POST", "/lean/v0/states/finalized", 404, "not_found"], // a method the route does not take
    ["DELETE", "/status", 404, "not_found"],
  ];
  for (const [method, url, status, error] of cases) {
    const res = await h.app.inject({ method: method as "GET", url });
    assert.equal(res.statusCode, status, `${method} ${url}`);
    assert.match(res.headers["content-type"] as string, /^application\/json/);
    assertErrorBody(res.json(), error, `${method} ${url}`);
  }
  // A body that does not parse as its content type.
  const bad = await h.app.inject({ method: "POST", url: "/status", payload: "{bad", headers: { "content-type": "application/json" } });
  assert.ok(bad.statusCode >= 400 && bad.statusCode < 500, String(bad.statusCode));
  assertErrorBody(bad.json(), bad.statusCode === 404 ? "not_found" : "bad_request", "bad JSON body");
});

test("Node's answers to a malformed request or an oversized head carry the API's error shape", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  const port = (h.app.server.address() as AddressInfo).port;
  const raw = (text: string) => new Promise<string>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    let got = "";
    s.on("data", (c: Buffer) => (got += c.toString()));
    s.on("error", () => {});
    s.once("close", () => resolve(got));
    s.write(text);
  });
  for (const [text, status, error] of [
    ["GARBAGE\r\n\r\n", 400, "bad_request"],
    ["GET /status HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n", 400, "bad_request"],
    [`GET /status HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "headers_too_large"],
  ] as const) {
    const answer = await raw(text);
    assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `), answer);
    assertErrorBody(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)), error, text.slice(0, 30));
  }
});
