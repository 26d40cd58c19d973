import { test } from "node:test";
import assert from "node:assert/strict";
import { ChunkReclaimer, RECLAIM_EVERY_BYTES, isolateGc, pollReclaimer } from "../../../src/memory/reclaim.js";
import { DigestCache } from "../../../src/shm/digest-cache.js";
import { createAgent } from "../../../src/worker/http-get.js";
import { phasesFor } from "../../../src/model/phases.js";
import { pollUpstream } from "../../../src/worker/poll-upstream.js";
import type { PollTask } from "../../../src/model/task.js";
import { startTestDevnet } from "../../support/devnet.js";

test("the reclaimer collects each time another everyBytes arrived, and only then", () => {
  let runs = 0;
  const r = new ChunkReclaimer(100, () => runs++);
  r.received(60);
  assert.equal(runs, 0);
  r.received(40);
  assert.equal(runs, 1, "at exactly everyBytes");
  r.received(99);
  assert.equal(runs, 1);
  r.received(250);
  assert.equal(runs, 2, "one collection per report, however large");
  assert.equal(r.collections, 2);
  assert.throws(() => new ChunkReclaimer(0, () => {}), /everyBytes must be positive/);
});

test("pollReclaimer runs a minor GC of its thread every RECLAIM_EVERY_BYTES, and nothing without gc", () => {
  const calls: unknown[] = [];
  const r = pollReclaimer((o) => calls.push(o));
  for (let i = 0; i < 3 * RECLAIM_EVERY_BYTES; i += 65536) r.received(65536);
  assert.deepEqual(calls, [{ type: "minor" }, { type: "minor" }, { type: "minor" }]);
  const none = pollReclaimer(null);
  none.received(RECLAIM_EVERY_BYTES);
  assert.equal(none.collections, 1, "counted, but there is nothing to call");
});

test("isolateGc is node's own --expose-gc global, never turned on behind the user's back", () => {
  const g = globalThis as { gc?: unknown };
  const had = g.gc;
  try {
    g.gc = undefined;
    assert.equal(isolateGc(), null, "no flag, no gc: quorumpoint does not set one at run time");
    const fake = (): void => {};
    g.gc = fake;
    assert.equal(isolateGc(), fake);
  } finally {
    g.gc = had;
  }
});

test("a poll reports every state-body byte it receives to ctx.received", async (t) => {
  const dn = await startTestDevnet({ nodes: 1 });
  const agent = createAgent(phasesFor(5000));
  t.after(async () => {
    await agent.destroy();
    await dn.close();
  });
  const chunks: number[] = [];
  const task: PollTask = {
    upstream: 0, url: dn.urls[0]!, generation: 1, deadlineMs: Date.now() + 10_000, timeoutMs: 5000,
    maxStateBytes: 64 * 2 ** 20, lastBlockDigest: null, lastBlockEtag: null, lastState: null,
  };
  const ctx = { agent, cache: DigestCache.create(), shutdown: new AbortController().signal, received: (n: number) => chunks.push(n) };
  const out = await pollUpstream(task, ctx);
  assert.ok(out.ok, JSON.stringify(out));
  assert.ok(out.stateBytes, "the first poll of a state keeps its body");
  assert.equal(chunks.reduce((a, b) => a + b, 0), out.stateBytes.length, "the state body, every byte, nothing else");
  assert.ok(out.bytes > out.stateBytes.length, "the probe and the justified call are received too, but not reported");
});
