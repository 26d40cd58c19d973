/**
 * One behaviour of every route that serves the quorum's state or speaks of it: while no
 * fresh quorum-agreed state is served (before the first round, after a round nobody
 * answered, once the served state went stale), it answers 503 with the reason, never cached.
 * Each route says it in its own format; the reasons are the same everywhere.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, harness, INTERVAL_MS, STALE_AFTER_MS, state } from "./fixtures.js";

type Reason = "starting" | "no_upstreams" | "stale";
type H = ReturnType<typeof harness>;

interface Route {
  url: string;
  type: RegExp;
  /** The body the route answers with for `reason`. */
  body: (reason: Reason) => unknown;
  /** Seconds a client should wait before asking again (the state routes: one poll interval). */
  retryAfter?: string;
}

const json = /^application\/json/;
const text = /^text\/plain; charset=utf-8$/;
const noFresh = (what: string) => (reason: Reason) => ({ error: "no_fresh_state", reason, message: `no fresh quorum-agreed ${what} (${reason})` });

const ROUTES: Route[] = [
  { url: "/lean/v0/states/finalized", type: json, body: noFresh("finalized state to serve"), retryAfter: String(INTERVAL_MS / 1000) },
  { url: "/lean/v0/blocks/finalized", type: json, body: noFresh("finalized block to serve"), retryAfter: String(INTERVAL_MS / 1000) },
  { url: "/lean/v0/checkpoints/finalized", type: json, body: noFresh("finalized checkpoint") },
  { url: "/lean/v0/checkpoints/justified", type: json, body: noFresh("justified checkpoint") },
  { url: "/lean/v0/health", type: json, body: (reason) => ({ status: "unhealthy", service: "lean-rpc-api", reason }) },
  { url: "/healthz", type: text, body: (reason) => `${reason}\n` },
  { url: "/readyz", type: text, body: (reason) => `${reason}\n` },
];

const SITUATIONS: Array<{ reason: Reason; what: string; arrange: (h: H) => void }> = [
  { reason: "starting", what: "before the first round", arrange: () => {} },
  { reason: "no_upstreams", what: "after a first round in which no upstream answered", arrange: (h) => h.apply(decide(null, 0, [], 4)) },
  {
    reason: "stale", what: "once the served state is stale-after old",
    arrange: (h) => {
      const s = state(12);
      h.apply(decide(s, 2), s);
      h.clock.now += STALE_AFTER_MS;
    },
  },
];

for (const { reason, what, arrange } of SITUATIONS) {
  test(`${what}: every state, block, checkpoint and health route answers 503 ${reason}, not cached`, async (t) => {
    const h = harness();
    t.after(() => h.app.close());
    arrange(h);
    for (const r of ROUTES) {
      const res = await h.app.inject({ method: "GET", url: r.url });
      assert.equal(res.statusCode, 503, r.url);
      assert.match(res.headers["content-type"] as string, r.type, r.url);
      assert.equal(res.headers["cache-control"], "no-store", r.url);
      if (r.retryAfter !== undefined) assert.equal(res.headers["retry-after"], r.retryAfter, r.url);
      assert.deepEqual(r.type === json ? res.json() : res.body, r.body(reason), r.url);
    }
  });
}
