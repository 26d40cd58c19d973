import { test } from "node:test";
import assert from "node:assert/strict";
import { decideQuorum } from "../../../src/consensus/index.js";
import type { QuorumAgreed } from "../../../src/consensus/index.js";
import type { VerifiedState } from "../../../src/model/outcome.js";
import { historicalRootAt } from "../../../src/store/ancestry.js";
import { StateStore } from "../../../src/store/index.js";
import { makeTestState } from "../../support/lean-state.js";
import { bytesFor, ok, verified } from "../consensus/fixtures.js";

const agree = (s: VerifiedState) => decideQuorum([ok(0, s), ok(1, s), ok(2, s)]) as QuorumAgreed;
const bytesOf = (...states: VerifiedState[]) => new Map(states.map((s) => [s.digest, bytesFor(s)]));

test("historicalRootAt reads the root a real state records at a slot, and null past its history", () => {
  const parent = { slot: 9, root: `0x${"ab".repeat(32)}` };
  const s = makeTestState(20, 16, 1, parent);
  assert.equal(historicalRootAt(s.bytes, 9), parent.root);
  assert.notEqual(historicalRootAt(s.bytes, 8), parent.root);
  assert.equal(historicalRootAt(s.bytes, 16), null, "the history holds 16 roots");
  assert.equal(historicalRootAt(new Uint8Array(10), 0), null);
});

test("a later quorum that does not descend from the served checkpoint is a conflict: not served, counted, reported", () => {
  const main100 = verified(100, "main");
  const fork104 = verified(104, "fork");
  const main108 = verified(108, "main");
  const store = new StateStore({ staleAfterMs: 10_000 });
  const bytes = bytesOf(main100, fork104, main108);
  assert.equal(store.apply(agree(main100), bytes, 1000).kind, "served-new");

  const out = store.apply(agree(fork104), bytes, 2000);
  assert.equal(out.kind, "conflict-ignored");
  if (out.kind !== "conflict-ignored") return;
  assert.deepEqual(out.conflict, {
    reason: "not_descendant", atMs: 2000, served: main100.finalized, agreed: fork104.finalized,
    recordedAtServedSlot: historicalRootAt(bytes.get(fork104.digest)!, 100),
  });
  assert.equal(store.current(2000)?.entry.finalized.root, main100.finalized.root, "the previous checkpoint is still served");
  assert.equal(store.current(11_000), null, "until it goes stale: the conflict does not confirm it");
  const st = store.status(2000);
  assert.equal(st.conflicts.total, 1);
  assert.equal(st.conflicts.active, true);

  assert.equal(store.apply(agree(main108), bytes, 3000).kind, "served-new", "the honest chain's next checkpoint descends: served");
  assert.equal(store.status(3000).conflicts.active, false);
  assert.equal(store.status(3000).conflicts.total, 1);
});

test("--allow-finality-reorg serves the non-descendant and still reports it", () => {
  const main100 = verified(100, "main");
  const fork104 = verified(104, "fork");
  const store = new StateStore({ staleAfterMs: 10_000, allowFinalityReorg: true });
  const bytes = bytesOf(main100, fork104);
  store.apply(agree(main100), bytes, 1000);
  const out = store.apply(agree(fork104), bytes, 2000);
  assert.equal(out.kind, "served-new");
  assert.equal(out.kind === "served-new" && out.reorg?.reason, "not_descendant");
  assert.equal(store.status(2000).conflicts.total, 1);
});

test("a quorum for the served slot with other bytes is a same_slot conflict", () => {
  const a = verified(100, "main");
  const b = verified(100, "fork");
  const store = new StateStore({ staleAfterMs: 10_000 });
  const bytes = bytesOf(a, b);
  store.apply(agree(a), bytes, 1000);
  const out = store.apply(agree(b), bytes, 2000);
  assert.equal(out.kind === "conflict-ignored" && out.conflict.reason, "same_slot");
});
