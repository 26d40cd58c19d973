/**
 * The daemon's round pipeline, run on the main thread after each round:
 * statuses -> quorum -> store -> bytes cache upkeep -> heap upkeep -> log. Everything here is cheap
 * bookkeeping over small summaries; the bytes were verified by workers and are only
 * referenced, never decoded, here.
 */
import type { Logger } from "pino";
import type { LaneScheduler } from "../balance/index.js";
import { decideQuorum, type QuorumConfig, type QuorumDecision } from "../consensus/index.js";
import type { DigestCache } from "../shm/digest-cache.js";
import type { RoundReport } from "../round/dispatcher.js";
import type { HeapUpkeep } from "../memory/heap-upkeep.js";
import type { UpkeepAnswers } from "../shm/upkeep-signal.js";
import type { UpstreamStatusBook } from "../round/upstream-status.js";
import { DroppedBytes } from "../memory/index.js";
import type { BytesByDigest, StateStore, StoreOutcome, UpstreamBlocks } from "../store/index.js";
import { RoundHistory } from "../round/round-history.js";

export interface RoundPipelineModules {
  logger: Logger;
  book: UpstreamStatusBook;
  store: StateStore;
  bytes: BytesByDigest;
  /** The upstreams' verified finalized blocks, served beside the state. */
  blocks: UpstreamBlocks;
  digestCache: DigestCache;
  quorum: QuorumConfig;
  lanes: LaneScheduler;
  /** Frees dropped state bytes (memory/dropped-bytes.ts `bytesReleaser`); run between rounds. */
  releaseBytes: () => void;
  /** The main thread's heap upkeep (memory/heap-upkeep.ts), run between rounds when nothing was released. */
  heap: HeapUpkeep;
  /** Asks the poll workers for theirs (PollPool.upkeep). */
  workersUpkeep: () => Promise<UpkeepAnswers>;
}

export class RoundPipeline {
  readonly rounds = new RoundHistory();
  readonly #m: RoundPipelineModules;
  lastDecision: QuorumDecision | null = null;
  /** State bytes dropped (evicted by a put, replaced, or pruned) and not yet released. */
  readonly #dropped: DroppedBytes;

  constructor(m: RoundPipelineModules) {
    this.#m = m;
    this.#dropped = new DroppedBytes(m.releaseBytes, m.heap);
  }

  /** A worker verified a new state: keep its bytes (content-addressed) until no round needs them. */
  onStateBytes(digest: string, bytes: Uint8Array): void {
    const held = this.#m.bytes.totalBytes + bytes.byteLength;
    for (const d of this.#m.bytes.put(digest, bytes)) this.#m.digestCache.invalidate(d);
    this.#dropped.dropped(held - this.#m.bytes.totalBytes);
  }

  onRound(report: RoundReport, overrun: boolean, nowMs = Date.now()): StoreOutcome {
    const { book, store, bytes, blocks, digestCache, logger } = this.#m;
    for (const o of report.outcomes) {
      book.apply(report.round, o, report.abandoned.has(o.upstream));
      blocks.apply(o);
    }
    const decision = decideQuorum(report.outcomes, this.#m.quorum);
    this.lastDecision = decision;
    const outcome = store.apply(decision, bytes, nowMs, blocks);
    if (outcome.kind === "missing-bytes" && decision.kind === "agreed") {
      // The digest cache believes these bytes reached us; they did not: let a worker resend them.
      digestCache.invalidate(decision.digest);
    }
    const keep = new Set(store.digests());
    for (const o of report.outcomes) if (o.ok) keep.add(o.state.digest);
    const held = bytes.totalBytes;
    for (const d of bytes.prune(keep)) digestCache.invalidate(d);
    this.#dropped.dropped(held - bytes.totalBytes);
    // Between rounds, not inside one (a put evicts mid-round): a collection pauses its thread.
    const released = this.#dropped.afterRound();
    if (released) logger.debug(released, released.why === "dropped" ? "dropped state bytes released" : "main thread's heap collected");
    this.#m.workersUpkeep().then(
      (a) => a.collected > 0 && logger.debug(a, "poll workers' heaps collected"),
      (err: unknown) => logger.debug({ err }, "poll workers' upkeep failed"),
    );

    const lane = this.#m.lanes.afterRound(report.slotMs);
    if (lane.kind === "Split" || lane.kind === "Collapse") {
      logger.info({ round: report.round, action: lane.kind, change: lane.proposal.change, reason: lane.reason }, "lanes changed");
    }

    const served = store.current(nowMs);
    this.rounds.push({
      round: report.round, startedMs: report.startedMs, wallMs: report.endedMs - report.startedMs,
      deadlineMs: report.deadlineMs - report.startedMs, dispatched: report.dispatched, ok: report.ok,
      failed: report.failed, abandoned: report.abandoned.size, notDispatched: report.notDispatched,
      overrun, outcome: outcome.kind, servedSlot: served?.entry.finalized.slot ?? null,
    });
    logger.info(
      {
        round: report.round, polled: report.dispatched, ok: report.ok, failed: report.failed,
        abandoned: report.abandoned.size, notDispatched: report.notDispatched, wallMs: report.endedMs - report.startedMs,
        quorum: decision.kind === "agreed" ? `${decision.agreeing}/${decision.answering}` : decision.reason,
        store: outcome.kind, servedSlot: served?.entry.finalized.slot ?? null, overrun,
      },
      "round",
    );
    if (logger.isLevelEnabled("debug")) {
      for (const o of report.outcomes) {
        const name = book.get(o.upstream).name;
        if (o.ok) logger.debug({ round: report.round, upstream: name, slot: o.state.finalized.slot, unchanged: o.unchanged, ms: o.endedMs - o.startedMs, bytes: o.bytes }, "poll ok");
        else logger.debug({ round: report.round, upstream: name, code: o.code, msg: o.message }, "poll failed");
      }
    }
    return outcome;
  }
}
