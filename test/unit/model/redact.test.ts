import { test } from "node:test";
import assert from "node:assert/strict";
import { headerNames, redactUrl } from "../../../src/model/upstream.js";

test("redactUrl hides the userinfo of every URL in a text, up to the authority's last @", () => {
  assert.equal(redactUrl("http://user:secret@h:1/base"), "http://***@h:1/base");
  assert.equal(redactUrl("https://token@h"), "https://***@h");
  assert.equal(redactUrl("http://u:p@ss@h:1"), "http://***@h:1");
  assert.equal(redactUrl("HTTP 503 from http://u:s@a:1 then connection refused (https://v:t@b:2/x)"), "HTTP 503 from http://***@a:1 then connection refused (https://***@b:2/x)");
  assert.equal(redactUrl('{"url":"http://u:s@h:1","x":"a@b"}'), '{"url":"http://***@h:1","x":"a@b"}');
});

test("redactUrl leaves URLs without userinfo, and an @ past the authority, as they are", () => {
  for (const t of ["http://h:1", "http://h:1/a@b", "http://h:1/?q=a@b", "mail me at a@b", "http://h:1 and a@b", ""]) assert.equal(redactUrl(t), t);
});

test("headerNames shows names only", () => {
  assert.deepEqual(headerNames({ authorization: "Basic c2VjcmV0", "x-api-key": "k" }), ["authorization", "x-api-key"]);
  assert.deepEqual(headerNames(undefined), []);
});
