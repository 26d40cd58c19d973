/**
 * Prometheus metrics (prom-client), on a registry the caller owns (never the default one).
 *
 * Three kinds of figure, fed three ways:
 * - per-round events (durations, bytes, errors, overruns, quorum misses): the daemon calls
 *   `observeRound` once after each round, with the report and the store's outcome;
 * - state gauges (upstream up, slots, pool load, the served checkpoint): read from the
 *   `sources` getters in `collect` callbacks at scrape time, so nothing goes stale between
 *   rounds and nothing is computed when nobody scrapes;
 * - API requests: the server's onResponse hook (`api`).
 * Label values come only from closed sets: configured upstream names, error codes,
 * outcome kinds, route patterns. Process and event-loop figures are prom-client's defaults
 * (`process_*`, `nodejs_*`, including `nodejs_eventloop_lag_p99_seconds`).
 */
import { Counter, Gauge, Histogram, collectDefaultMetrics } from "prom-client";
import type { Registry } from "prom-client";
import type { RoundReport } from "../round/dispatcher.js";
import type { PollPoolStats } from "../round/pool.js";
import type { UpstreamStatus } from "../round/upstream-status.js";
import { finalityConflictOf, type StoreEntry, type StoreOutcome } from "../store/index.js";
import type { BalancerView } from "../balance/index.js";
import { createLaneMetrics } from "./lanes.js";
import { agreeingOf } from "../consensus/index.js";

/** Read-only views the state gauges sample at scrape time; each is optional (tests pass none). */
export interface MetricsSources {
  /** Upstream names by index (label values of per-upstream metrics). */
  upstreamNames?: readonly string[];
  upstreams?: () => readonly UpstreamStatus[];
  /** The served entry while fresh, else null. */
  served?: () => StoreEntry | null;
  pool?: () => PollPoolStats;
  /** Polls in flight now (the shared slot counter). */
  inFlight?: () => number;
  nowMs?: () => number;
  lanes?: () => BalancerView;
}

const P = "quorumpoint_";
/** Poll latency spans loopback milliseconds to a blackholed upstream's whole budget (seconds). */
const POLL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Rounds last from a few ms (nothing changed) to the round deadline (interval, default 4 s). */
const ROUND_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32];

export function createMetrics(registry: Registry, sources: MetricsSources = {}) {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const nameOf = (i: number): string => sources.upstreamNames?.[i] ?? `upstream-${i}`;

  const upstream = {
    up: new Gauge({
      name: `${P}upstream_up`, help: "1 when the upstream's last poll gave a verified state, else 0", labelNames: ["upstream"], registers,
      collect() {
        this.reset();
        for (const s of sources.upstreams?.() ?? []) this.set({ upstream: s.name }, s.healthy ? 1 : 0);
      },
    }),
    finalizedSlot: new Gauge({
      name: `${P}upstream_finalized_slot`, help: "Finalized slot proven by the upstream's last verified state", labelNames: ["upstream"], registers,
      collect() {
        this.reset();
        for (const s of sources.upstreams?.() ?? []) if (s.last_finalized_slot !== null) this.set({ upstream: s.name }, s.last_finalized_slot);
      },
    }),
    justifiedSlot: new Gauge({
      name: `${P}upstream_justified_slot`, help: "Justified slot the upstream reported last", labelNames: ["upstream"], registers,
      collect() {
        this.reset();
        for (const s of sources.upstreams?.() ?? []) if (s.last_justified_slot !== null) this.set({ upstream: s.name }, s.last_justified_slot);
      },
    }),
    pollDuration: new Histogram({
      name: `${P}upstream_poll_duration_seconds`, help: "Time a worker spent on one poll of the upstream", labelNames: ["upstream"], buckets: POLL_BUCKETS, registers,
    }),
    bytes: new Counter({ name: `${P}upstream_received_bytes_total`, help: "Bytes received from the upstream", labelNames: ["upstream"], registers }),
    errors: new Counter({ name: `${P}upstream_errors_total`, help: "Failed polls of the upstream, by error code", labelNames: ["upstream", "code"], registers }),
  };

  const round = {
    duration: new Histogram({ name: `${P}round_duration_seconds`, help: "Wall time of one poll round", buckets: ROUND_BUCKETS, registers }),
    total: new Counter({ name: `${P}rounds_total`, help: "Poll rounds run", registers }),
    polls: new Counter({ name: `${P}round_polls_total`, help: "Upstream polls by result", labelNames: ["result"], registers }),
    abandoned: new Counter({ name: `${P}round_abandoned_polls_total`, help: "Polls abandoned at a round deadline (or still running from an earlier round)", registers }),
    notDispatched: new Counter({ name: `${P}round_not_dispatched_polls_total`, help: "Upstreams not polled in a round: no slot came free before the deadline", registers }),
    lateDiscarded: new Counter({ name: `${P}round_late_results_discarded_total`, help: "Results of abandoned polls that arrived after their round closed", registers }),
    overruns: new Counter({ name: `${P}round_overruns_total`, help: "Rounds that took longer than the poll interval", registers }),
  };

  const consensus = {
    servedSlot: new Gauge({
      name: `${P}consensus_served_finalized_slot`, help: "Finalized slot of the state served now (0 when none is fresh)", registers,
      collect() {
        this.set(sources.served?.()?.slot ?? 0);
      },
    }),
    serving: new Gauge({
      name: `${P}consensus_serving`, help: "1 while a fresh quorum-agreed state is served, else 0", registers,
      collect() {
        this.set(sources.served?.() ? 1 : 0);
      },
    }),
    servedAge: new Gauge({
      name: `${P}consensus_served_age_seconds`, help: "Time since the served checkpoint was first stored", registers,
      collect() {
        const e = sources.served?.();
        this.set(e ? Math.max(0, ((sources.nowMs ?? Date.now)() - e.storedAtMs) / 1000) : 0);
      },
    }),
    agreeing: new Gauge({ name: `${P}consensus_agreeing_upstreams`, help: "Upstreams in the last round's leading group", registers }),
    answering: new Gauge({ name: `${P}consensus_answering_upstreams`, help: "Upstreams that answered with a verified state in the last round", registers }),
    noQuorum: new Counter({ name: `${P}consensus_rounds_without_quorum_total`, help: "Rounds whose votes reached no quorum, by reason", labelNames: ["reason"], registers }),
    finalityConflicts: new Counter({
      name: `${P}finality_conflicts_total`, help: "Quorums whose checkpoint did not extend the served finality (same slot, other state; or not a descendant)",
      labelNames: ["reason"], registers,
    }),
    outcomes: new Counter({ name: `${P}store_outcomes_total`, help: "What the store did with each round's decision", labelNames: ["outcome"], registers }),
  };

  let completedSeen = 0;
  const pool = {
    threads: new Gauge({ name: `${P}pool_threads`, help: "Poll worker threads", registers, collect() { this.set(sources.pool?.().threads ?? 0); } }),
    utilization: new Gauge({
      name: `${P}pool_utilization_ratio`, help: "Share of the pool's capacity in use since it started (piscina utilization)", registers,
      collect() { this.set(sources.pool?.().utilization ?? 0); },
    }),
    queued: new Gauge({ name: `${P}pool_queued_tasks`, help: "Poll tasks waiting for a worker", registers, collect() { this.set(sources.pool?.().queueSize ?? 0); } }),
    completed: new Counter({
      name: `${P}pool_completed_tasks_total`, help: "Poll tasks the pool completed", registers,
      collect() {
        // piscina keeps its own running total: add what it gained since the last scrape.
        const now = sources.pool?.().completed ?? completedSeen;
        if (now > completedSeen) this.inc(now - completedSeen);
        completedSeen = Math.max(completedSeen, now);
      },
    }),
  };

  const slots = {
    inFlight: new Gauge({ name: `${P}slots_in_flight`, help: "Polls holding a slot now", registers, collect() { this.set(sources.inFlight?.() ?? 0); } }),
  };

  const verify = {
    hashUnits: new Counter({
      name: `${P}state_hash_units_total`, help: "Units of the beacon states verified, by who hashed them: the downloading poll, or other workers helping", labelNames: ["by"], registers,
    }),
  };

  const api = {
    requests: new Counter({ name: `${P}api_requests_total`, help: "HTTP requests served, by route pattern, method and status", labelNames: ["route", "method", "status"], registers }),
    stateBytes: new Counter({ name: `${P}api_state_sent_bytes_total`, help: "SSZ state bytes sent to clients (GET 200 answers)", registers }),
    blockBytes: new Counter({ name: `${P}api_block_sent_bytes_total`, help: "SSZ block bytes sent to clients (GET 200 answers)", registers }),
  };

  /** Record one finished round: its report, whether it overran, and what the store did. */
  function observeRound(report: RoundReport, overrun: boolean, outcome: StoreOutcome): void {
    round.total.inc();
    round.duration.observe(Math.max(0, report.endedMs - report.startedMs) / 1000);
    round.polls.inc({ result: "ok" }, report.ok);
    round.polls.inc({ result: "failed" }, report.failed);
    round.abandoned.inc(report.abandoned.size);
    round.notDispatched.inc(report.notDispatched);
    round.lateDiscarded.inc(report.lateDiscarded);
    if (overrun) round.overruns.inc();
    for (const o of report.outcomes) {
      const name = nameOf(o.upstream);
      if (o.ok && o.hashUnits !== undefined) {
        verify.hashUnits.inc({ by: "poll" }, o.hashUnits.units - o.hashUnits.helped);
        verify.hashUnits.inc({ by: "helpers" }, o.hashUnits.helped);
      }
      if (o.bytes > 0) upstream.bytes.inc({ upstream: name }, o.bytes);
      // Failures the dispatcher synthesized (abandoned, never dispatched) have no start time.
      if (o.startedMs > 0 && o.endedMs >= o.startedMs) upstream.pollDuration.observe({ upstream: name }, (o.endedMs - o.startedMs) / 1000);
      if (!o.ok && o.code !== "not_polled") upstream.errors.inc({ upstream: name, code: o.code });
    }
    const d = outcome.decision;
    consensus.outcomes.inc({ outcome: outcome.kind });
    consensus.answering.set(d.answering);
    consensus.agreeing.set(agreeingOf(d));
    if (d.kind === "no-quorum") consensus.noQuorum.inc({ reason: d.reason });
    const conflict = finalityConflictOf(outcome);
    if (conflict !== undefined) consensus.finalityConflicts.inc({ reason: conflict.reason });
  }

  const balance = createLaneMetrics(registry, sources.lanes);

  return { registry, upstream, round, consensus, pool, slots, balance, api, observeRound };
}

export type Metrics = ReturnType<typeof createMetrics>;
