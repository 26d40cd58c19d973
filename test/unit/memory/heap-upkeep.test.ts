import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { HeapUpkeep } from "../../../src/memory/heap-upkeep.js";
import { UpkeepSignal } from "../../../src/shm/upkeep-signal.js";

test("HeapUpkeep collects once the heap grew by growthBytes since the last collection, and only then", () => {
  let used = 1000;
  let runs = 0;
  const h = new HeapUpkeep({ growthBytes: 100, usedBytes: () => used, collect: () => { runs++; used = 1020; } });
  used = 1099;
  assert.equal(h.collectIfGrown(), false, "99 bytes of growth");
  used = 1100;
  assert.equal(h.collectIfGrown(), true, "at exactly growthBytes");
  assert.equal(runs, 1);
  used = 1119;
  assert.equal(h.collectIfGrown(), false, "growth counts from what the collection left (1020)");
  used = 2000;
  h.rebase();
  assert.equal(h.collectIfGrown(), false, "rebased: someone else just collected");
  assert.equal(h.collections, 1);
  assert.equal(new HeapUpkeep({ collect: null, usedBytes: () => 0 }).collectIfGrown(), false, "no gc: never");
  assert.throws(() => new HeapUpkeep({ growthBytes: -1 }), /growthBytes must be >= 0/);
});

test("in a real isolate the collection is a full one: promoted garbage goes, which a scavenge leaves", async () => {
  const url = new URL("../../../src/memory/heap-upkeep.js", import.meta.url).href;
  const reclaimUrl = new URL("../../../src/memory/reclaim.js", import.meta.url).href;
  const w = new Worker(
    `Promise.all([import(${JSON.stringify(url)}), import(${JSON.stringify(reclaimUrl)})]).then(([{ HeapUpkeep }, { isolateGc }]) => {
      const { getHeapStatistics } = require("node:v8");
      const gc = isolateGc();
      const used = () => getHeapStatistics().used_heap_size;
      gc();
      const h = new HeapUpkeep();
      // 200k small objects kept across two scavenges (so promoted to the old generation), then dropped.
      let junk = Array.from({ length: 200000 }, (_, i) => ({ i, s: "x" + i }));
      gc({ type: "minor" }); gc({ type: "minor" });
      junk = null;
      gc({ type: "minor" });
      const before = used();
      const collected = h.collectIfGrown();
      require("node:worker_threads").parentPort.postMessage({ collected, before, after: used(), again: h.collectIfGrown() });
    })`,
    { eval: true },
  );
  const [[m]] = (await Promise.all([once(w, "message"), once(w, "exit")])) as [[{ collected: boolean; before: number; after: number; again: boolean }], unknown];
  assert.equal(m.collected, true, `grew to ${m.before} bytes: a collection was due`);
  assert.ok(m.before - m.after > 4 * 2 ** 20, `the collection freed ${((m.before - m.after) / 2 ** 20).toFixed(1)} MB of promoted garbage`);
  assert.equal(m.again, false, "nothing grew since");
});

/**
 * Workers that listen on one signal; each answers "collected" as told. A message makes one
 * post "busy" and then block its loop `busyMs`.
 */
function listeners(signal: UpkeepSignal, answers: Array<{ collected: boolean; busyMs?: number }>): Worker[] {
  const url = new URL("../../../src/shm/upkeep-signal.js", import.meta.url).href;
  return answers.map(({ collected, busyMs = 0 }) => new Worker(
    `import(${JSON.stringify(url)}).then(({ UpkeepSignal }) => {
      const { workerData, parentPort } = require("node:worker_threads");
      let calls = 0;
      new UpkeepSignal(workerData.buffer).listen(() => { calls++; parentPort.postMessage(calls); return workerData.collected; });
      parentPort.postMessage("listening");
      // The port keeps the thread alive, as piscina's does; a message blocks the loop busyMs.
      parentPort.on("message", () => { parentPort.postMessage("busy"); const end = Date.now() + workerData.busyMs; while (Date.now() < end); });
    })`,
    { eval: true, workerData: { buffer: signal.buffer, collected, busyMs } },
  ));
}

test("UpkeepSignal: one request reaches every worker, each answers once, and the collections are counted", async (t) => {
  const signal = new UpkeepSignal();
  const workers = listeners(signal, [{ collected: true }, { collected: false }, { collected: true }]);
  t.after(() => Promise.all(workers.map((w) => w.terminate())));
  await Promise.all(workers.map((w) => once(w, "message")));
  assert.deepEqual(await signal.request(3, 5000), { answered: 3, collected: 2 });
  assert.deepEqual(await signal.request(3, 5000), { answered: 3, collected: 2 }, "a second request is answered afresh");
  assert.deepEqual(await signal.request(3, 200).then((a) => a.answered), 3);
});

test("UpkeepSignal: a worker whose loop is busy answers late; the request stops waiting at its timeout", async (t) => {
  const signal = new UpkeepSignal();
  const [busy] = listeners(signal, [{ collected: true, busyMs: 1500 }]);
  t.after(() => busy!.terminate());
  await once(busy!, "message");
  busy!.postMessage("block");
  assert.equal((await once(busy!, "message"))[0], "busy", "the worker's loop is blocked from now on");
  // No answer yet: it returned at its timeout, not when the worker got free.
  assert.deepEqual(await signal.request(1, 300), { answered: 0, collected: 0 });
  const [calls] = (await once(busy!, "message")) as [number];
  assert.equal(calls, 1, "the worker ran its upkeep once its loop was free");
});
