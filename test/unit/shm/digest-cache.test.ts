import { test } from "node:test";
import assert from "node:assert/strict";
import { DigestCache } from "../../../src/shm/digest-cache.js";
import type { VerifiedState } from "../../../src/model/outcome.js";

const D1 = "0x" + "11".repeat(32);
const D2 = "0x" + "22".repeat(32);
const state = (digest: string, slot: number): VerifiedState => ({
  digest, stateRoot: "0x" + "aa".repeat(32), finalized: { slot, root: "0x" + "bb".repeat(32) },
  stateJustified: { slot: slot - 1, root: "0x" + "cc".repeat(32) }, stateFinalized: { slot: slot - 2, root: "0x" + "dd".repeat(32) },
  slot: slot + 1, genesisTime: 1_700_000_000, size: 16_000_000,
});

test("the first asker claims, the second waits and reuses the published result", async () => {
  const c = DigestCache.create(4);
  const first = c.lookupOrClaim(D1);
  assert.equal(first.kind, "claimed");
  const second = c.lookupOrClaim(D1);
  assert.equal(second.kind, "pending");
  if (first.kind !== "claimed" || second.kind !== "pending") return;
  const waited = c.waitSettled(second.entry, second.version, 2000);
  setTimeout(() => c.publish(first.entry, first.version, state(D1, 40)), 20); // later: the second asker really waits
  const r = await waited;
  assert.deepEqual(r, { kind: "hit", state: state(D1, 40) });
  assert.deepEqual(c.lookupOrClaim(D1), { kind: "hit", state: state(D1, 40) });
});

test("a failure verdict is shared; a release lets the next asker claim", async () => {
  const c = DigestCache.create(4);
  const a = c.lookupOrClaim(D1);
  if (a.kind !== "claimed") throw new Error("expected a claim");
  c.publishFailure(a.entry, a.version, "bad_ssz", D1, "State: offset 3 of validators is past the end");
  assert.deepEqual(c.lookupOrClaim(D1), { kind: "failed", code: "bad_ssz", digest: D1, reason: "State: offset 3 of validators is past the end" });
  const b = c.lookupOrClaim(D2);
  if (b.kind !== "claimed") throw new Error("expected a claim");
  c.release(b.entry, b.version);
  assert.equal(c.lookupOrClaim(D2).kind, "claimed");
});

test("a failure's reason is kept, cut to its region on a character boundary", () => {
  const c = DigestCache.create(2);
  const a = c.lookupOrClaim(D1);
  if (a.kind !== "claimed") throw new Error("expected a claim");
  c.publishFailure(a.entry, a.version, "bad_ssz", D1, "é".repeat(200));
  const f = c.lookupOrClaim(D1);
  assert.ok(f.kind === "failed");
  assert.equal(f.reason, "é".repeat(63), "127 bytes hold 63 two-byte characters");
});

test("invalidate forgets a digest so the next worker re-verifies (and resends the bytes)", () => {
  const c = DigestCache.create(4);
  const a = c.lookupOrClaim(D1);
  if (a.kind !== "claimed") throw new Error("expected a claim");
  c.publish(a.entry, a.version, state(D1, 8));
  assert.equal(c.invalidate(D1), true);
  assert.equal(c.lookupOrClaim(D1).kind, "claimed");
});

test("when full, the least recently used settled entry is reused; a reader of the old version sees the change", async () => {
  const c = DigestCache.create(2);
  const digests = [D1, D2, "0x" + "33".repeat(32)];
  const claims = digests.slice(0, 2).map((d, i) => {
    const r = c.lookupOrClaim(d, 1000 + i);
    if (r.kind !== "claimed") throw new Error("expected a claim");
    c.publish(r.entry, r.version, state(d, 10 + i));
    return r;
  });
  const third = c.lookupOrClaim(digests[2]!, 5000);
  assert.equal(third.kind, "claimed");
  if (third.kind !== "claimed") return;
  assert.equal(third.entry, claims[0]!.entry, "the older entry is the victim");
  assert.equal(await c.waitSettled(claims[0]!.entry, claims[0]!.version, 100), null);
  assert.deepEqual(c.lookupOrClaim(D2, 6000), { kind: "hit", state: state(D2, 11) });
  assert.equal(c.lookupOrClaim(D1, 7000).kind, "claimed", "D1 was evicted: it is verified anew");
});

test("by state root: the first asker claims the root; once published the state is found by root and by digest", () => {
  const c = DigestCache.create(4);
  const root = "0x" + "aa".repeat(32);
  const first = c.lookupOrClaimRoot(root);
  assert.equal(first.kind, "claimed");
  assert.equal(c.lookupOrClaimRoot(root).kind, "pending", "a second poll of the same root streams hash-only and waits");
  assert.equal(c.lookupOrClaim(D1).kind, "claimed", "a root claim is never matched by digest before it is published");
  if (first.kind !== "claimed") return;
  c.publish(first.entry, first.version, state(D2, 50));
  assert.deepEqual(c.lookupOrClaimRoot(root), { kind: "hit", state: state(D2, 50) });
  assert.deepEqual(c.lookupOrClaim(D2), { kind: "hit", state: state(D2, 50) });
});

test("beacon: a checkpoint is claimed by its finalized root, and once published a claim of it is a hit", () => {
  const c = DigestCache.create(4);
  const s = state(D1, 40);
  const a = c.lookupOrClaimFinalized(s.finalized.root);
  if (a.kind !== "claimed") throw new Error("expected a claim");
  assert.equal(c.lookupOrClaimFinalized(s.finalized.root).kind, "pending");
  c.publish(a.entry, a.version, s);
  assert.deepEqual(c.lookupOrClaimFinalized(s.finalized.root), { kind: "hit", state: s });
  assert.equal(c.lookupOrClaimFinalized("0x" + "ee".repeat(32)).kind, "claimed", "another checkpoint: another claim");
});
