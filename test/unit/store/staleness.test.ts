import { test } from "node:test";
import assert from "node:assert/strict";
import { decideQuorum } from "../../../src/consensus/index.js";
import { StateStore } from "../../../src/store/index.js";
import { bytesFor, failed, ok, verified } from "../consensus/fixtures.js";

// An injected clock: every call passes its own nowMs; no timers anywhere.
const STALE = 5_000;
const S100 = verified(100);
const S90 = verified(90);
const bytes = new Map([S100, S90].map((s) => [s.digest, bytesFor(s)]));
const agreed100 = decideQuorum([ok(0, S100), ok(1, S100)]);
const agreed90 = decideQuorum([ok(0, S90), ok(1, S90)]);
const split = decideQuorum([ok(0, S100), ok(1, verified(100, "fork"))]);
const silent = decideQuorum([failed(0), failed(1)]);

test("before any round: none, starting", () => {
  const store = new StateStore({ staleAfterMs: STALE });
  const s = store.status(0);
  assert.equal(s.state, "none");
  assert.equal(s.reason, "starting");
  assert.equal(s.latest, null);
  assert.equal(store.current(0), null);
});

test("no quorum yet: none, no_consensus or no_upstreams", () => {
  const store = new StateStore({ staleAfterMs: STALE });
  store.apply(split, bytes, 0);
  assert.deepEqual([store.status(0).state, store.status(0).reason], ["none", "no_consensus"]);
  store.apply(silent, bytes, 1);
  assert.deepEqual([store.status(1).state, store.status(1).reason], ["none", "no_upstreams"]);
});

test("fresh until stale-after past the last confirmation, then stale and not served, then fresh again", () => {
  const store = new StateStore({ staleAfterMs: STALE });
  store.apply(agreed100, bytes, 1_000);
  assert.deepEqual([store.status(1_000).state, store.status(1_000).reason], ["fresh", "ok"]);
  assert.equal(store.status(1_000).staleAtMs, 6_000);

  // Rounds without a quorum keep the last good state served, reported.
  store.apply(split, bytes, 3_000);
  store.apply(silent, bytes, 5_999);
  assert.deepEqual([store.status(5_999).state, store.status(5_999).reason], ["fresh", "no_upstreams"]);
  assert.equal(store.current(5_999)?.entry.slot, 100);
  assert.equal(store.status(5_999).lastDecision?.kind, "no-quorum");

  // Exactly stale-after since the confirmation: stale.
  assert.equal(store.current(6_000), null);
  const stale = store.status(6_000);
  assert.deepEqual([stale.state, stale.reason, stale.staleAtMs], ["stale", "stale", null]);
  assert.equal(stale.latest?.slot, 100, "the last served entry is still reported");
  assert.equal(store.bySlot(100)?.slot, 100);

  // Finality never goes backwards, stale or not.
  assert.equal(store.apply(agreed90, bytes, 7_000).kind, "older-ignored");
  assert.equal(store.current(7_000), null);

  // A quorum on the same checkpoint confirms it again.
  assert.equal(store.apply(agreed100, bytes, 8_000).kind, "unchanged");
  assert.deepEqual([store.status(8_000).state, store.status(8_000).reason], ["fresh", "ok"]);
  assert.equal(store.current(12_999)?.entry.confirmedAtMs, 8_000);
  assert.equal(store.current(13_000), null);
});

test("status carries the last outcome and when it was applied", () => {
  const store = new StateStore({ staleAfterMs: STALE });
  store.apply(agreed100, bytes, 1_000);
  store.apply(agreed90, bytes, 2_000);
  const s = store.status(2_000);
  assert.equal(s.lastOutcome?.kind, "older-ignored");
  assert.equal(s.lastDecision, agreed90);
  assert.equal(s.lastAppliedAtMs, 2_000);
  assert.deepEqual([s.state, s.reason], ["fresh", "no_consensus"]);
});
