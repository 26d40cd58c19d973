import { test } from "node:test";
import assert from "node:assert/strict";
import { BeaconProofs, PROVE_EVERY_MS } from "../../../src/round/beacon-proofs.js";
import type { PollOutcome } from "../../../src/model/outcome.js";
import { verified } from "../consensus/fixtures.js";

const outcome = (u: number, endedMs: number, o: { claimOnly?: boolean; unchanged?: boolean } = {}): PollOutcome => ({
  ok: true, upstream: u, generation: 1, state: verified(8), justified: null, unchanged: o.unchanged ?? false, blockDigest: null, blockEtag: null,
  blockNote: "not_served", blockRoot: null, bytes: 1, startedMs: endedMs - 1, endedMs, ...(o.claimOnly ? { claimOnly: true } : {}),
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
