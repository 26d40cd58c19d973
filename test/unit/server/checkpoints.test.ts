import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, harness, state } from "./fixtures.js";

// While none is fresh (starting, no_upstreams, stale): no-fresh-state.test.ts.
test("checkpoints: {slot, root} of the served state", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  const justified = { slot: 14, root: "0x" + "0e".repeat(32) };
  h.apply(decide(s, 3, [], 0, justified), s);
  const fin = await h.app.inject({ url: "/lean/v0/checkpoints/finalized" });
  assert.equal(fin.statusCode, 200);
  assert.match(fin.headers["content-type"] as string, /^application\/json/);
  assert.deepEqual(fin.json(), s.verified.finalized);
  assert.match(fin.headers["cache-control"] as string, /max-age=\d+/);
  const just = await h.app.inject({ url: "/lean/v0/checkpoints/justified" });
  assert.deepEqual(just.json(), justified);
  assert.deepEqual(Object.keys(just.json()), ["slot", "root"]);
});
