import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, harness, state } from "./fixtures.js";

async function get(h: ReturnType<typeof harness>, url: string) {
  const res = await h.app.inject({ url });
  return { status: res.statusCode, body: res.body, type: res.headers["content-type"], cache: res.headers["cache-control"] };
}

test("serving a fresh state: lean health in the leanSpec shape, healthz ok, readyz ready", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 3), s);
  const lean = await get(h, "/lean/v0/health");
  assert.equal(lean.status, 200);
  assert.deepEqual(JSON.parse(lean.body), { status: "healthy", service: "lean-rpc-api" });
  assert.deepEqual(await get(h, "/healthz"), { status: 200, body: "ok\n", type: "text/plain; charset=utf-8", cache: "no-store" });
  assert.deepEqual(await get(h, "/readyz"), { status: 200, body: "ready\n", type: "text/plain; charset=utf-8", cache: "no-store" });
});

test("no quorum in the last round: healthz 503 no_consensus while the fresh state is still served (readyz 200)", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 3), s);
  h.apply(decide(state(16, 1), 1, [state(16, 2)]));
  assert.deepEqual([(await get(h, "/healthz")).status, (await get(h, "/healthz")).body], [503, "no_consensus\n"]);
  assert.equal((await get(h, "/readyz")).status, 200);
  assert.equal((await get(h, "/lean/v0/health")).status, 200);
});

// Before the first round, after a round nobody answered, and once stale: no-fresh-state.test.ts.

test("no upstreams configured: healthz and readyz 503 no_upstreams", async (t) => {
  const empty = harness({ upstreams: () => [] });
  t.after(() => empty.app.close());
  assert.equal((await get(empty, "/healthz")).body, "no_upstreams\n");
  assert.equal((await get(empty, "/readyz")).body, "no_upstreams\n");
});
