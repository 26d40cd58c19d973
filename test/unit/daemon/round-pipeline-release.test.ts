import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { lanesForPool } from "../../../src/balance/index.js";
import { RoundPipeline } from "../../../src/daemon/round-pipeline.js";
import { StateBytes } from "../../../src/daemon/state-bytes.js";
import { DigestCache } from "../../../src/shm/digest-cache.js";
import type { RoundReport } from "../../../src/round/dispatcher.js";
import { UpstreamStatusBook } from "../../../src/round/upstream-status.js";
import { DroppedBytes, RECLAIM_AFTER_BYTES } from "../../../src/memory/index.js";
import { BytesByDigest, StateStore, UpstreamBlocks } from "../../../src/store/index.js";

const UPSTREAMS = 2;

interface Harness {
  p: RoundPipeline;
  releases: () => number;
}

function pipeline(bytes: BytesByDigest): Harness {
  let releases = 0;
  const p = new RoundPipeline({
    logger: pino({ level: "silent" }),
    book: new UpstreamStatusBook([{ name: "a", url: "http://127.0.0.1:1" }, { name: "b", url: "http://127.0.0.1:2" }]),
    store: new StateStore({ staleAfterMs: 60_000 }),
    bytes: new StateBytes(bytes, DigestCache.create(), new DroppedBytes({ collect: () => releases++, usedBytes: () => 0 })),
    blocks: new UpstreamBlocks(UPSTREAMS),
    quorum: { quorum: 0.5, minAgree: 1, quorumOf: "answering" },
    lanes: lanesForPool(UPSTREAMS, { pollConcurrency: 2, timeoutMs: 1000, pollIntervalMs: 1000, balance: false }),
    timeoutMs: 1000,
  });
  return { p, releases: () => releases };
}

/** A round in which every upstream failed: it refers to no digest, so pruning drops every held state. */
function emptyRound(round: number): RoundReport {
  const outcomes = Array.from({ length: UPSTREAMS }, (_, u) => ({
    ok: false as const, upstream: u, generation: round, code: "refused" as const, message: "down", bytes: 0, startedMs: 0, endedMs: 1,
  }));
  return { round, startedMs: 0, deadlineMs: 1000, endedMs: 1, outcomes, abandoned: new Set(), dispatched: UPSTREAMS, ok: 0,
    failed: UPSTREAMS, notDispatched: 0, lateDiscarded: 0, dispatchedUpstreams: [], pollBoundsMs: [],
    holds: outcomes.map(() => ({ dispatchedMs: 0, releasedMs: 0, endedMs: 0, ended: false })) };
}

/** One round as the round loop runs it: the pipeline, then the reclaim between rounds. */
function runRound(p: RoundPipeline, report: RoundReport): void {
  p.onRound(report, false);
  p.reclaim();
}

const HALF = RECLAIM_AFTER_BYTES / 2;
const digest = (c: string): string => "0x" + c.repeat(32);

test("a round that dropped enough state bytes releases them once, between rounds; a round that dropped none does not", () => {
  const bytes = new BytesByDigest();
  const { p, releases } = pipeline(bytes);
  runRound(p, emptyRound(1));
  assert.equal(releases(), 0, "nothing held, nothing dropped");

  p.onStateBytes(digest("aa"), new Uint8Array(HALF));
  p.onStateBytes(digest("bb"), new Uint8Array(HALF));
  assert.equal(releases(), 0, "never inside a round");
  runRound(p, emptyRound(2));
  assert.equal(bytes.size, 0, "no outcome and no stored state refers to them: pruned");
  assert.equal(releases(), 1, "two states pruned, one release");

  runRound(p, emptyRound(3));
  assert.equal(releases(), 1);
});

test("smaller drops add up across rounds until they are worth the pause", () => {
  const { p, releases } = pipeline(new BytesByDigest());
  p.onStateBytes(digest("aa"), new Uint8Array(HALF));
  runRound(p, emptyRound(1));
  assert.equal(releases(), 0, "half the threshold dropped: left to V8");
  p.onStateBytes(digest("bb"), new Uint8Array(HALF));
  runRound(p, emptyRound(2));
  assert.equal(releases(), 1, "the threshold reached over two rounds");
});

test("bytes evicted by a put mid-round are released at the end of that round", () => {
  const bytes = new BytesByDigest({ maxEntries: 1 });
  const { p, releases } = pipeline(bytes);
  p.onStateBytes(digest("aa"), new Uint8Array(RECLAIM_AFTER_BYTES));
  p.onStateBytes(digest("bb"), new Uint8Array(8)); // evicts aa
  assert.equal(releases(), 0);
  runRound(p, emptyRound(1));
  assert.equal(releases(), 1);
});
