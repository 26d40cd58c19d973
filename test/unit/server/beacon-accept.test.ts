/** Accept negotiation of the beacon routes: bare types, wildcards, q-values, lists as clients send them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { JSON_TYPE, SSZ, negotiate } from "../../../src/server/routes/beacon/accept.js";

const BOTH = [JSON_TYPE, SSZ] as const;

test("no Accept, an empty one or an unreadable one takes the server's first choice", () => {
  for (const h of [undefined, "", "  ", "garbage"]) {
    assert.equal(negotiate(h, BOTH), JSON_TYPE, String(h));
    assert.equal(negotiate(h, [SSZ]), SSZ, String(h));
  }
});

test("wildcards match, and the server's order breaks ties", () => {
  assert.equal(negotiate("*/*", BOTH), JSON_TYPE);
  assert.equal(negotiate("*/*", [SSZ]), SSZ);
  assert.equal(negotiate("application/*", [SSZ]), SSZ);
  assert.equal(negotiate("text/*", [SSZ]), null);
});

test("q-values choose, the most specific range gives an offer its q, q=0 refuses", () => {
  assert.equal(negotiate("application/octet-stream;q=1.0,application/json;q=0.9", BOTH), SSZ);
  assert.equal(negotiate("application/octet-stream,application/json;q=0.9", BOTH), SSZ);
  assert.equal(negotiate("application/json;q=0.5, application/octet-stream;q=0.6", BOTH), SSZ);
  assert.equal(negotiate("application/json, application/octet-stream;q=0.1", BOTH), JSON_TYPE);
  assert.equal(negotiate("application/octet-stream;q=0, */*", BOTH), JSON_TYPE);
  assert.equal(negotiate("application/octet-stream;q=0, */*", [SSZ]), null);
  assert.equal(negotiate("*/*;q=0.1, application/octet-stream", BOTH), SSZ);
  assert.equal(negotiate("Application/Octet-Stream ; Q=0.8", [SSZ]), SSZ);
  // An unreadable q counts as a refusal, not as a preference.
  assert.equal(negotiate("application/octet-stream;q=high", [SSZ]), null);
});

test("a client that accepts only JSON gets nothing from an SSZ-only route", () => {
  assert.equal(negotiate("application/json", [SSZ]), null);
  assert.equal(negotiate(["application/json", "text/plain"], [SSZ]), null);
  assert.equal(negotiate(["application/json", "application/octet-stream"], [SSZ]), SSZ);
});
