import { test } from "node:test";
import assert from "node:assert/strict";
import { BeaconProofs, MAX_PROOFS_IN_FLIGHT, PROVE_EVERY_MS, RETRY_DISPROVEN_MS } from "../../../src/round/beacon-proofs.js";
import type { PollOutcome } from "../../../src/model/outcome.js";
import { verified } from "../consensus/fixtures.js";

const outcome = (u: number, endedMs: number, o: { claimOnly?: boolean; unchanged?: boolean } = {}): PollOutcome => ({
  ok: true, upstream: u, generation: 1, state: verified(8), justified: null, unchanged: o.unchanged ?? false, blockDigest: null, blockEtag: null,
  blockNote: "not_served", blockRoot: null, bytes: 1, startedMs: endedMs - 1, endedMs, ...(o.claimOnly ? { claimOnly: true } : {}),
});
const failed = (u: number, endedMs: number, code: "wrong_root" | "timeout"): PollOutcome => ({
  ok: false, upstream: u, generation: 1, code, message: code, bytes: 1, startedMs: endedMs - 1, endedMs,
});

test("an upstream proves its bytes until it has, and again after PROVE_EVERY_MS; claims and repeats prove nothing", () => {
  const p = new BeaconProofs(2);
  assert.equal(p.due(0, 1000), true);
  p.apply(outcome(0, 1000, { claimOnly: true }));
  p.apply(outcome(0, 1000, { unchanged: true }));
  assert.equal(p.due(0, 1001), true, "a claim or an unchanged repeat is no proof");
  p.apply(outcome(0, 2000));
  assert.equal(p.due(0, 2001), false);
  assert.equal(p.due(0, 2000 + PROVE_EVERY_MS), true);
  assert.equal(p.due(1, 2001), true, "each upstream on its own");
});

test("at most MAX_PROOFS_IN_FLIGHT proofs run at once; the others vote by their claims meanwhile and get a turn as proofs end", () => {
  const p = new BeaconProofs(6, 5000);
  const first = [0, 1, 2, 3, 4, 5].map((u) => p.taskFor(u, 1000));
  assert.deepEqual(first.map((t) => t.proveBytes), [0, 1, 2, 3, 4, 5].map((u) => u < MAX_PROOFS_IN_FLIGHT));
  assert.ok(first.every((t) => !t.disproven));
  p.apply(outcome(0, 1500));
  p.apply(failed(1, 1500, "timeout"));
  assert.deepEqual([2, 3, 4].map((u) => p.taskFor(u, 1600).proveBytes), [true, true, false], "two ended: two more");
  assert.equal(p.taskFor(1, 1600).proveBytes, false, "a proof that timed out is due again, when there is room");
  assert.equal(p.taskFor(0, 1600).proveBytes, false, "proven");
  assert.equal(p.taskFor(5, 1600 + 10_001).proveBytes, true, "a grant whose outcome never came back expires");
});

test("bytes of another state disprove an upstream: its claims are refused until it proves its bytes again, after RETRY_DISPROVEN_MS", () => {
  const p = new BeaconProofs(1);
  assert.equal(p.taskFor(0, 1000).proveBytes, true);
  p.apply(failed(0, 2000, "wrong_root"));
  assert.deepEqual(p.taskFor(0, 3000), { proveBytes: false, disproven: true });
  assert.deepEqual(p.taskFor(0, 2000 + RETRY_DISPROVEN_MS), { proveBytes: true, disproven: false }, "its turn to prove again");
  p.apply(outcome(0, 2000 + RETRY_DISPROVEN_MS + 10));
  assert.deepEqual(p.taskFor(0, 2000 + RETRY_DISPROVEN_MS + 20), { proveBytes: false, disproven: false }, "proven honest again");
});
