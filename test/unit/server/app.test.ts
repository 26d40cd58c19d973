import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./fixtures.js";

test("unknown routes and methods answer a JSON 404", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  for (const [method, url] of [["GET", "/nope"], ["POST", "/lean/v0/states/finalized"], ["DELETE", "/status"]] as const) {
    const res = await h.app.inject({ method, url });
    assert.equal(res.statusCode, 404, `${method} ${url}`);
    assert.equal(res.json().error, "not_found");
  }
});

test("a request body past the limit is refused before any handler runs", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const res = await h.app.inject({ method: "POST", url: "/status", payload: "x".repeat(64 * 1024), headers: { "content-type": "text/plain" } });
  assert.ok(res.statusCode === 404 || res.statusCode === 413, String(res.statusCode));
});

test("GET / serves the dashboard page with a strict CSP; its scripts and styles are served too", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const page = await h.app.inject({ url: "/" });
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
  assert.match(page.headers["content-security-policy"] as string, /script-src 'self'/);
  assert.match(page.body, /<script type="module" src="\/static\/dashboard\.js">/);
  for (const [url, type] of [["/static/dashboard.js", "text/javascript"], ["/static/chart.js", "text/javascript"], ["/static/format.js", "text/javascript"], ["/static/dashboard.css", "text/css"]]) {
    const res = await h.app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers["content-type"], `${type}; charset=utf-8`);
    assert.ok(res.body.length > 100);
  }
  assert.equal((await h.app.inject({ url: "/static/../deps.js" })).statusCode, 404);
  assert.equal((await h.app.inject({ url: "/static/other.js" })).statusCode, 404);
});
