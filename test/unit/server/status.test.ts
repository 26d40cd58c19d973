import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, harness, roundSummary, STALE_AFTER_MS, state, upstreamStatus } from "./fixtures.js";

const LEANPOINT_STATUS = ["justified_slot", "finalized_slot", "last_updated_ms", "last_success_ms", "stale", "error_count", "last_error"];

test("/status: leanpoint's fields with their types, then the quorum and the served checkpoint", async (t) => {
  const rounds = [roundSummary(1, { outcome: "no-quorum", servedSlot: null }), roundSummary(2)];
  const h = harness({ rounds: () => rounds, failedRounds: () => 7 });
  t.after(() => h.app.close());
  const before = (await h.app.inject({ url: "/status" })).json();
  assert.deepEqual(LEANPOINT_STATUS.map((k) => before[k]), [0, 0, 0, 0, true, 7, "starting: no round finished yet"]);
  assert.equal(before.served, null);

  const s = state(12);
  h.apply(decide(s, 3, [state(8, 3)], 1), s);
  h.clock.now += 500;
  const res = await h.app.inject({ url: "/status" });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["cache-control"], "no-store");
  const body = res.json();
  assert.equal(body.finalized_slot, 12);
  assert.equal(body.justified_slot, 12);
  assert.equal(body.last_success_ms, h.clock.now - 500);
  assert.equal(body.last_updated_ms, h.clock.now - 500);
  assert.equal(body.stale, false);
  assert.equal(body.last_error, null);
  assert.equal(body.state, "fresh");
  assert.equal(body.reason, "ok");
  assert.equal(body.served.root, s.verified.finalized.root);
  assert.equal(body.served.state_root, s.verified.stateRoot);
  assert.equal(body.served.age_ms, 500);
  assert.equal(body.served.stale_at_ms, h.clock.now - 500 + STALE_AFTER_MS);
  assert.deepEqual(body.quorum, {
    quorum: 0.5, min_agree: 1, quorum_of: "answering", needed: 3, more_needed: 0, decision: "agreed", reason: null, outcome: "served-new", agreeing: 3, answering: 4, total: 5,
    rule: "3 of 4 answering > 0.5 and >= min-agree 1", groups: 2,
  });
  assert.deepEqual(body.upstreams, { total: 4, healthy: 4 });
  assert.equal(body.last_round.round, 2);
  assert.deepEqual(body.history, [{ slot: 12, root: s.verified.finalized.root, state_root: s.verified.stateRoot }]);

  h.clock.now += STALE_AFTER_MS;
  const stale = (await h.app.inject({ url: "/status" })).json();
  assert.equal(stale.stale, true);
  assert.equal(stale.state, "stale");
  assert.match(stale.last_error, /^stale/);
  assert.equal(stale.served.slot, 12, "the last served checkpoint is still shown");
});

test("/status error_count defaults to the failed rounds held", async (t) => {
  const rounds = [roundSummary(1, { outcome: "no-quorum" }), roundSummary(2, { outcome: "conflict-ignored" }), roundSummary(3, { outcome: "unchanged" })];
  const h = harness({ rounds: () => rounds });
  t.after(() => h.app.close());
  assert.equal((await h.app.inject({ url: "/status" })).json().error_count, 2);
});

test("/api/upstreams: leanpoint's fields, the consensus block, and which upstreams agree with the served state", async (t) => {
  const s = state(12);
  const f = state(12, 9);
  const ups = [
    upstreamStatus(0, { state_digest: s.verified.digest, last_finalized_slot: 12 }),
    upstreamStatus(1, { state_digest: s.verified.digest, last_finalized_slot: 12 }),
    upstreamStatus(2, { state_digest: f.verified.digest, last_finalized_slot: 12 }),
    upstreamStatus(3, { healthy: false, last_error: "timeout", error_count: 3, error_total: 3 }),
  ];
  const h = harness({ upstreams: () => ups });
  t.after(() => h.app.close());
  h.apply(decide(s, 2, [f], 1), s);
  const body = (await h.app.inject({ url: "/api/upstreams" })).json();
  assert.equal(body.upstreams.length, 4);
  for (const k of ["name", "url", "path", "healthy", "last_success_ms", "error_count", "last_error", "last_justified_slot", "last_finalized_slot"]) {
    assert.ok(k in body.upstreams[0], k);
  }
  assert.deepEqual(body.upstreams.map((u: { agrees: boolean }) => u.agrees), [true, true, false, false]);
  assert.equal(body.upstreams[3].last_error, "timeout");
  assert.deepEqual(body.consensus, {
    total_upstreams: 4, responding_upstreams: 3, consensus_threshold: 2, has_consensus: true, agreeing_upstreams: 2,
    quorum: 0.5, min_agree: 1, quorum_of: "answering", rule: "2 of 3 answering > 0.5 and >= min-agree 1",
  });
});

test("/api/rounds: all held rounds, or those after ?since; a bad since is a 400", async (t) => {
  const rounds = [1, 2, 3].map((r) => roundSummary(r));
  const h = harness({ rounds: () => rounds });
  t.after(() => h.app.close());
  assert.deepEqual((await h.app.inject({ url: "/api/rounds" })).json().rounds, rounds);
  assert.deepEqual((await h.app.inject({ url: "/api/rounds?since=2" })).json().rounds.map((r: { round: number }) => r.round), [3]);
  assert.equal((await h.app.inject({ url: "/api/rounds?since=x" })).statusCode, 400);
  // Unknown query parameters are dropped, not echoed or acted on.
  assert.equal((await h.app.inject({ url: "/api/rounds?other=1" })).json().rounds.length, 3);
});
