import { test } from "node:test";
import assert from "node:assert/strict";
import { decideQuorum } from "../../../src/consensus/index.js";
import type { QuorumAgreed } from "../../../src/consensus/index.js";
import type { PollOutcome, VerifiedState } from "../../../src/model/outcome.js";
import { StateStore, UpstreamBlocks } from "../../../src/store/index.js";
import { bytesFor, hex32, ok, verified } from "../consensus/fixtures.js";

/** An ok outcome of `upstream` for `state`; `block`: its served block's digest and bytes (bytes absent: unchanged). */
function polled(upstream: number, state: VerifiedState, block: { digest: string; bytes?: Uint8Array } | null, unchanged = false): PollOutcome {
  return {
    ok: true, upstream, generation: 1, state, justified: null, unchanged, blockEtag: null,
    blockNote: block ? "served" : "not_served", blockDigest: block?.digest ?? null, blockRoot: block ? state.finalized.root : null,
    ...(block?.bytes ? { blockBytes: block.bytes } : {}), bytes: 1, startedMs: 1, endedMs: 2,
  };
}

const failedPoll = (upstream: number): PollOutcome =>
  ({ ok: false, upstream, generation: 2, code: "timeout", message: "t", bytes: 0, startedMs: 1, endedMs: 2 });

test("an upstream's block is held from the poll that brought it, through unchanged and failed polls, until a poll finds none", () => {
  const s = verified(100);
  const blocks = new UpstreamBlocks(3);
  const bytes = new Uint8Array([1, 2, 3]);
  blocks.apply(polled(0, s, { digest: hex32("b"), bytes }));
  assert.equal(blocks.blockFor(s.finalized.root, [0])?.bytes, bytes, "held as given, not copied");
  blocks.apply(polled(0, s, { digest: hex32("b") }, true));
  blocks.apply(failedPoll(0));
  assert.equal(blocks.blockFor(s.finalized.root, [0])?.bytes, bytes);
  blocks.apply(polled(0, s, { digest: hex32("other") }, true));
  assert.equal(blocks.blockFor(s.finalized.root, [0]), null, "an unchanged poll that names another block vouches for nothing");
  blocks.apply(polled(0, s, { digest: hex32("b"), bytes }));
  blocks.apply(polled(0, s, null));
  assert.equal(blocks.blockFor(s.finalized.root, [0]), null);
});

test("a checkpoint gets the block of one of its own agreeing upstreams, of its own root, first by upstream order", () => {
  const s = verified(100);
  const t = verified(104);
  const blocks = new UpstreamBlocks(4);
  blocks.apply(polled(0, t, { digest: hex32("t0"), bytes: new Uint8Array([9]) }));
  blocks.apply(polled(2, s, { digest: hex32("s2"), bytes: new Uint8Array([2]) }));
  blocks.apply(polled(3, s, { digest: hex32("s3"), bytes: new Uint8Array([3]) }));
  assert.equal(blocks.blockFor(s.finalized.root, [0, 1, 2, 3])?.digest, hex32("s2"));
  assert.equal(blocks.blockFor(s.finalized.root, [0, 1]), null, "upstream 0 holds another checkpoint's block");

  const d = decideQuorum([ok(1, s), ok(2, s), ok(3, s)]) as QuorumAgreed;
  const store = new StateStore({ staleAfterMs: 10_000 });
  const out = store.apply(d, new Map([[s.digest, bytesFor(s)]]), 1000, blocks);
  assert.equal(out.kind, "served-new");
  assert.equal(store.current(1000)?.entry.block?.digest, hex32("s2"));
});
