import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, harness, STALE_AFTER_MS, state } from "./fixtures.js";

test("checkpoints: {slot, root} of the served state; 503 with a reason when none is fresh", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  for (const kind of ["finalized", "justified"]) {
    const res = await h.app.inject({ url: `/lean/v0/checkpoints/${kind}` });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().reason, "starting");
  }
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

  h.clock.now += STALE_AFTER_MS;
  const stale = await h.app.inject({ url: "/lean/v0/checkpoints/finalized" });
  assert.equal(stale.statusCode, 503);
  assert.equal(stale.json().reason, "stale");
});
