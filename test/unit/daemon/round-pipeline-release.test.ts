import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { lanesForPool } from "../../../src/balance/index.js";
import { RoundPipeline } from "../../../src/daemon/daemon.js";
import { DigestCache } from "../../../src/poll/digest-cache.js";
import type { RoundReport } from "../../../src/poll/dispatcher.js";
import { UpstreamStatusBook } from "../../../src/poll/status.js";
import { BytesByDigest, RELEASE_AFTER_BYTES, StateStore } from "../../../src/store/index.js";

const UPSTREAMS = 2;

function pipeline(bytes: BytesByDigest): { p: RoundPipeline; releases: () => number } {
  let releases = 0;
  const p = new RoundPipeline({
    logger: pino({ level: "silent" }),
    book: new UpstreamStatusBook([{ name: "a", url: "http://127.0.0.1:1" }, { name: "b", url: "http://127.0.0.1:2" }]),
    store: new StateStore({ staleAfterMs: 60_000 }),
    bytes,
    digestCache: DigestCache.create(),
    quorum: { quorum: 0.5, minAgree: 1 },
    lanes: lanesForPool(UPSTREAMS, { pollConcurrency: 2, timeoutMs: 1000, pollIntervalMs: 1000, balance: false }),
    releaseBytes: () => releases++,
  });
  return { p, releases: () => releases };
}

/** A round in which every upstream failed: it refers to no digest, so pruning drops every held state. */
function emptyRound(round: number): RoundReport {
  const outcomes = Array.from({ length: UPSTREAMS }, (_, u) => ({
    ok: false as const, upstream: u, generation: round, code: "refused" as const, message: "down", bytes: 0, startedMs: 0, endedMs: 1,
  }));
  return { round, startedMs: 0, deadlineMs: 1000, endedMs: 1, outcomes, abandoned: new Set(), dispatched: UPSTREAMS, ok: 0,
    failed: UPSTREAMS, notDispatched: 0, lateDiscarded: 0, slotMs: new Float64Array(UPSTREAMS) };
}

const HALF = RELEASE_AFTER_BYTES / 2;
const digest = (c: string): string => "0x" + c.repeat(32);

test("a round that dropped enough state bytes releases them once, after the round; a round that dropped none does not", () => {
  const bytes = new BytesByDigest();
  const { p, releases } = pipeline(bytes);
  p.onRound(emptyRound(1), false);
  assert.equal(releases(), 0, "nothing held, nothing dropped");

  p.onStateBytes(digest("aa"), new Uint8Array(HALF));
  p.onStateBytes(digest("bb"), new Uint8Array(HALF));
  assert.equal(releases(), 0, "never inside a round");
  p.onRound(emptyRound(2), false);
  assert.equal(bytes.size, 0, "no outcome and no stored state refers to them: pruned");
  assert.equal(releases(), 1, "two states pruned, one release");

  p.onRound(emptyRound(3), false);
  assert.equal(releases(), 1);
});

test("smaller drops add up across rounds until they are worth the pause", () => {
  const { p, releases } = pipeline(new BytesByDigest());
  p.onStateBytes(digest("aa"), new Uint8Array(HALF));
  p.onRound(emptyRound(1), false);
  assert.equal(releases(), 0, "half the threshold dropped: left to V8");
  p.onStateBytes(digest("bb"), new Uint8Array(HALF));
  p.onRound(emptyRound(2), false);
  assert.equal(releases(), 1, "the threshold reached over two rounds");
});

test("bytes evicted by a put mid-round are released at the end of that round", () => {
  const bytes = new BytesByDigest({ maxEntries: 1 });
  const { p, releases } = pipeline(bytes);
  p.onStateBytes(digest("aa"), new Uint8Array(RELEASE_AFTER_BYTES));
  p.onStateBytes(digest("bb"), new Uint8Array(8)); // evicts aa
  assert.equal(releases(), 0);
  p.onRound(emptyRound(1), false);
  assert.equal(releases(), 1);
});
