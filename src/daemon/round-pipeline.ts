/**
 * The daemon's round pipeline, on the main thread, after each round: apply the report
 * (upstream statuses, held blocks), decide the quorum, store, keep the bytes still needed,
 * feed the balancer, and emit one `RoundEvent` that the log and the metrics subscribe to.
 * Reclaiming dropped state bytes runs apart, between rounds (`reclaim`, called by the round loop).
 * Everything here is cheap bookkeeping over small summaries: the bytes were verified by
 * workers and are only referenced, never decoded, here.
 */
import type { Logger } from "pino";
import { roundLoad, type Decision, type LaneScheduler } from "../balance/index.js";
import { decideEarly, decideQuorum, type QuorumConfig, type QuorumDecision } from "../consensus/index.js";
import type { PollOutcome } from "../model/outcome.js";
import type { RoundReport } from "../round/dispatcher.js";
import { RoundHistory, type RoundSummary } from "../round/round-history.js";
import type { UpstreamStatusBook } from "../round/upstream-status.js";
import { servesAfter, type StateStore, type StoreEntry, type StoreOutcome, type UpstreamBlocks } from "../store/index.js";
import type { StateBytes } from "./state-bytes.js";

export interface RoundPipelineModules {
  /** For the reclaim's own lines; the round's lines come from subscribers (round-log.ts). */
  logger: Logger;
  book: UpstreamStatusBook;
  store: StateStore;
  bytes: StateBytes;
  /** The upstreams' verified finalized blocks, served beside the state. */
  blocks: UpstreamBlocks;
  quorum: QuorumConfig;
  lanes: LaneScheduler;
  /** --timeout-ms: the balancer charges a timed-out poll its whole bound (balance/round-load.ts). */
  timeoutMs: number;
}

/** Everything one round did, as the log, the metrics and tests see it. */
export interface RoundEvent {
  report: RoundReport;
  overrun: boolean;
  decision: QuorumDecision;
  outcome: StoreOutcome;
  /** The balancer's decision after this round. */
  lane: Decision;
  summary: RoundSummary;
  /** The served entry after this round, or null. */
  served: StoreEntry | null;
}

export type RoundListener = (e: RoundEvent) => void;

export class RoundPipeline {
  readonly rounds = new RoundHistory();
  readonly #modules: RoundPipelineModules;
  readonly #listeners: RoundListener[] = [];
  #failedRounds = 0;
  /** What the store did when the open round decided before its end (onPartial). */
  #early: { round: number; outcome: StoreOutcome } | null = null;

  constructor(m: RoundPipelineModules) {
    this.#modules = m;
  }

  /** Rounds since start whose quorum gave nothing servable (leanpoint's `error_count`). */
  get failedRounds(): number {
    return this.#failedRounds;
  }

  subscribe(listener: RoundListener): void {
    this.#listeners.push(listener);
  }

  /** A worker verified a new state: keep its bytes (content-addressed) until no round needs them. */
  onStateBytes(digest: string, bytes: Uint8Array): void {
    this.#modules.bytes.received(digest, bytes);
  }

  /**
   * A result of the open round arrived. When the outcome can no longer change whatever the
   * upstreams still polling answer (consensus `decideEarly`), store it now: a new
   * checkpoint is served at once instead of at the round's deadline, which one dead
   * upstream would otherwise impose on every update. The round's statuses still wait for
   * its end.
   */
  onPartial(round: number, outcomes: ReadonlyMap<number, PollOutcome>, outstanding: number, nowMs = Date.now()): void {
    if (this.#early?.round === round || outstanding === 0) return;
    const decision = decideEarly([...outcomes.values()], outstanding, this.#modules.quorum);
    if (decision === null) return;
    const { store, bytes, blocks } = this.#modules;
    for (const o of outcomes.values()) blocks.apply(o);
    const outcome = store.apply(decision, bytes, nowMs, blocks);
    this.#early = { round, outcome };
  }

  onRound(report: RoundReport, overrun: boolean, nowMs = Date.now()): RoundEvent {
    const { book, store, bytes, blocks } = this.#modules;
    for (const o of report.outcomes) {
      book.apply(report.round, o, report.abandoned.has(o.upstream));
      blocks.apply(o);
    }
    const decision = decideQuorum(report.outcomes, this.#modules.quorum);
    const final = store.apply(decision, bytes, nowMs, blocks);
    // Decided early: the round's own verdict is what the store did then (it now only confirms it).
    const early = this.#early?.round === report.round ? this.#early.outcome : null;
    const outcome = early !== null && final.kind === "unchanged" ? early : final;
    if (outcome.kind === "missing-bytes" && decision.kind === "agreed") bytes.lost(decision.digest);
    const keep = new Set(store.digests());
    for (const o of report.outcomes) if (o.ok) keep.add(o.state.digest);
    bytes.keepOnly(keep);
    const lane = this.#modules.lanes.afterRound(roundLoad(report, this.#modules.timeoutMs));

    const served = store.current(nowMs)?.entry ?? null;
    book.judge(served?.finalized ?? null, (slot) => {
      const root = served ? store.historyRootAt(served.bytes, slot) : null;
      return root === "out_of_window" ? null : root;
    });
    const summary: RoundSummary = {
      round: report.round, startedMs: report.startedMs, wallMs: report.endedMs - report.startedMs,
      deadlineMs: report.deadlineMs - report.startedMs, dispatched: report.dispatched, ok: report.ok,
      failed: report.failed, abandoned: report.abandoned.size, notDispatched: report.notDispatched,
      overrun, outcome: outcome.kind, servedSlot: served?.finalized.slot ?? null,
    };
    this.rounds.push(summary);
    if (!servesAfter(outcome.kind)) this.#failedRounds++;
    const event: RoundEvent = { report, overrun, decision, outcome, lane, summary, served };
    for (const l of this.#listeners) l(event);
    return event;
  }

  /**
   * Between rounds, never inside one (a collection pauses the HTTP thread too): free the
   * state bytes the rounds dropped (memory/policy.ts, mainThread).
   */
  reclaim(): void {
    const { logger } = this.#modules;
    const done = this.#modules.bytes.reclaim();
    if (!done) return;
    if (done.stopped) logger.warn(done, "the main thread's collections paused it past the event-loop goal: dropped state bytes are left to V8 from now on");
    else logger.debug(done, done.why === "dropped" ? "dropped state bytes reclaimed" : "main thread's heap collected");
  }
}
