import { test } from "node:test";
import assert from "node:assert/strict";
import { Registry, register as defaultRegistry } from "prom-client";
import type { RoundReport } from "../../../src/round/dispatcher.js";
import type { PollOutcome } from "../../../src/model/outcome.js";
import { createMetrics } from "../../../src/metrics/metrics.js";
import { StateStore } from "../../../src/store/index.js";
import { decide, harness, state, upstreamStatus } from "../server/fixtures.js";

function report(outcomes: PollOutcome[], over: Partial<RoundReport> = {}): RoundReport {
  const ok = outcomes.filter((o) => o.ok).length;
  return {
    round: 1, startedMs: 10_000, deadlineMs: 12_000, endedMs: 10_250, outcomes, abandoned: new Set(), dispatched: outcomes.length,
    ok, failed: outcomes.length - ok, notDispatched: 0, lateDiscarded: 0, dispatchedUpstreams: [], pollBoundsMs: [],
    holds: outcomes.map(() => ({ dispatchedMs: 0, releasedMs: 0, endedMs: 0, ended: false })), ...over,
  };
}

/** The sample line `name{labels} value` as Prometheus prints it, or undefined. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

test("observeRound records per-upstream and per-round figures; state gauges come from the sources", async () => {
  const registry = new Registry();
  const s = state(12);
  const served = new StateStore({ staleAfterMs: 10_000 });
  const metrics = createMetrics(registry, {
    upstreamNames: ["a", "b", "c"],
    upstreams: () => [upstreamStatus(0, { name: "a", last_finalized_slot: 12 }), upstreamStatus(1, { name: "b", healthy: false }), upstreamStatus(2, { name: "c" })],
    served: () => served.current(20_000)?.entry ?? null,
    pool: () => ({ threads: 2, queueSize: 1, utilization: 0.25, completed: 9 }),
    inFlight: () => 3,
    nowMs: () => 25_000,
  });
  const outcomes: PollOutcome[] = [
    { ok: true, upstream: 0, generation: 1, state: s.verified, justified: null, unchanged: false, blockDigest: null, blockEtag: null, blockNote: "not_served", blockRoot: null, bytes: 1000, startedMs: 10_000, endedMs: 10_120 },
    { ok: false, upstream: 1, generation: 1, code: "timeout", message: "abandoned", bytes: 0, startedMs: 0, endedMs: 12_000 },
    { ok: false, upstream: 2, generation: 1, code: "http_503", message: "503", bytes: 40, startedMs: 10_000, endedMs: 10_010 },
  ];
  const decision = decide(s, 1, [], 2);
  const outcome = served.apply(decision, new Map([[s.verified.digest, s.bytes]]), 20_000);
  metrics.observeRound(report(outcomes, { abandoned: new Set([1]) }), true, outcome);
  metrics.observeRound(report(outcomes), false, served.apply(decide(null, 0, [], 3), new Map(), 20_000));

  const text = await registry.metrics();
  assert.equal(sample(text, "quorumpoint_rounds_total"), 2);
  assert.equal(sample(text, "quorumpoint_round_overruns_total"), 1);
  assert.equal(sample(text, "quorumpoint_round_abandoned_polls_total"), 1);
  assert.equal(sample(text, "quorumpoint_round_duration_seconds_count"), 2);
  assert.equal(sample(text, "quorumpoint_round_duration_seconds_sum"), 0.5);
  assert.equal(sample(text, "quorumpoint_round_polls_total", 'result="failed"'), 4);
  assert.equal(sample(text, "quorumpoint_upstream_received_bytes_total", 'upstream="a"'), 2000);
  assert.equal(sample(text, "quorumpoint_upstream_errors_total", 'upstream="c",code="http_503"'), 2);
  assert.equal(sample(text, "quorumpoint_upstream_errors_total", 'upstream="b",code="timeout"'), 2);
  // The abandoned poll has no start time: no duration sample for it.
  assert.equal(sample(text, "quorumpoint_upstream_poll_duration_seconds_count", 'upstream="b"'), undefined);
  assert.equal(sample(text, "quorumpoint_upstream_poll_duration_seconds_sum", 'upstream="a"'), 0.24);
  assert.equal(sample(text, "quorumpoint_upstream_up", 'upstream="a"'), 1);
  assert.equal(sample(text, "quorumpoint_upstream_up", 'upstream="b"'), 0);
  assert.equal(sample(text, "quorumpoint_upstream_finalized_slot", 'upstream="a"'), 12);
  assert.equal(sample(text, "quorumpoint_consensus_served_finalized_slot"), 12);
  assert.equal(sample(text, "quorumpoint_consensus_served_age_seconds"), 5);
  assert.equal(sample(text, "quorumpoint_consensus_answering_upstreams"), 0);
  assert.equal(sample(text, "quorumpoint_consensus_rounds_without_quorum_total", 'reason="no_answers"'), 1);
  assert.equal(sample(text, "quorumpoint_store_outcomes_total", 'outcome="served-new"'), 1);
  assert.equal(sample(text, "quorumpoint_pool_utilization_ratio"), 0.25);
  assert.equal(sample(text, "quorumpoint_pool_queued_tasks"), 1);
  assert.equal(sample(text, "quorumpoint_pool_completed_tasks_total"), 9);
  assert.equal(sample(text, "quorumpoint_slots_in_flight"), 3);
  assert.ok(text.includes("nodejs_eventloop_lag_seconds"), "process and event-loop defaults are registered");
  assert.equal(await defaultRegistry.getSingleMetricAsString("quorumpoint_rounds_total").catch(() => "absent"), "absent", "never the default registry");
});

test("GET /metrics serves the registry in the Prometheus text format and counts API requests by route pattern", async (t) => {
  const metrics = createMetrics(new Registry());
  const h = harness({}, metrics);
  t.after(() => h.app.close());
  const s = state(12);
  h.apply(decide(s, 2), s);
  await h.app.inject({ url: "/lean/v0/states/finalized" });
  await h.app.inject({ url: "/lean/v0/states/finalized/12" });
  await h.app.inject({ url: "/no/such/path" });
  const res = await h.app.inject({ url: "/metrics" });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers["content-type"] as string, /^text\/plain; version=0\.0\.4/);
  assert.equal(sample(res.body, "quorumpoint_api_requests_total", 'route="/lean/v0/states/finalized",method="GET",status="200"'), 1);
  assert.equal(sample(res.body, "quorumpoint_api_requests_total", 'route="/lean/v0/states/finalized/:slot",method="GET",status="200"'), 1);
  assert.equal(sample(res.body, "quorumpoint_api_requests_total", 'route="unmatched",method="GET",status="404"'), 1);
  assert.equal(sample(res.body, "quorumpoint_api_state_sent_bytes_total"), 2 * s.bytes.length);
});

test("without metrics there is no /metrics route", async (t) => {
  const h = harness();
  t.after(() => h.app.close());
  assert.equal((await h.app.inject({ url: "/metrics" })).statusCode, 404);
});
