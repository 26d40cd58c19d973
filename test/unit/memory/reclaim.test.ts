import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { ChunkReclaimer } from "../../../src/memory/reclaim.js";
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

test("isolateGc in a worker thread without --expose-gc: a minor GC frees the dead chunks", async () => {
  const reclaimUrl = new URL("../../../src/memory/reclaim.js", import.meta.url).href;
  const w = new Worker(
    `import(${JSON.stringify(reclaimUrl)}).then(({ isolateGc }) => {
      const { parentPort } = require("node:worker_threads");
      const gc = isolateGc();
      // A full collection first: one in progress (V8 starts marking on its own, e.g. at start-up)
      // keeps even dead young buffers until it ends.
      gc();
      // 8 MB of 64 KiB chunks, each dead at once, as a poll's socket reads are.
      let sink = 0;
      for (let i = 0; i < 128; i++) { const c = new Uint8Array(65536); c[0] = i; sink += c[0]; }
      const before = process.memoryUsage().arrayBuffers;
      gc({ type: "minor" });
      // Without --single-threaded-gc (as here) a helper thread frees the buffers just after.
      const t0 = Date.now();
      const poll = () => {
        const after = process.memoryUsage().arrayBuffers;
        if (after >= 2 * 2 ** 20 && Date.now() - t0 < 2000) return setTimeout(poll, 10);
        parentPort.postMessage({ type: typeof gc, before, after, sink });
      };
      poll();
    })`,
    { eval: true, execArgv: [] },
  );
  const [[m]] = (await Promise.all([once(w, "message"), once(w, "exit")])) as [[{ type: string; before: number; after: number }], unknown];
  assert.equal(m.type, "function");
  assert.ok(m.after < 2 * 2 ** 20, `after a minor GC ${m.after} bytes of ArrayBuffers remain (before: ${m.before})`);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, "undefined", "the main thread's global is left alone");
});

test("workers starting together each get their gc (V8's flags are process-wide: none may turn it off again)", async () => {
  const reclaimUrl = new URL("../../../src/memory/reclaim.js", import.meta.url).href;
  const code = `import(${JSON.stringify(reclaimUrl)}).then(({ isolateGc }) =>
    require("node:worker_threads").parentPort.postMessage(typeof isolateGc()))`;
  for (let round = 0; round < 3; round++) {
    const workers = Array.from({ length: 8 }, () => new Worker(code, { eval: true }));
    const types = await Promise.all(workers.map(async (w) => {
      const [[type]] = (await Promise.all([once(w, "message"), once(w, "exit")])) as [[string], unknown];
      return type;
    }));
    assert.deepEqual(types, Array(8).fill("function"), `round ${round}`);
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
