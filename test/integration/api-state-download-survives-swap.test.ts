/**
 * A client still downloading the served state while a newer one is stored (and the old
 * one leaves the store) receives the old bytes whole: the route writes from the entry it
 * took, and the store swaps entries by reference without touching their bytes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { decideQuorum } from "../../src/consensus/index.js";
import { stateDigest, verifyState } from "../../src/lean/index.js";
import { buildServer } from "../../src/server/app.js";
import { StateStore } from "../../src/store/index.js";
import { makeTestState } from "../support/lean-state.js";

function store(s: StateStore, bytes: Uint8Array, nowMs: number) {
  const v = verifyState(bytes);
  const d = decideQuorum([0, 1, 2].map((upstream) => ({ ok: true as const, upstream, state: v, justified: null })));
  return s.apply(d, new Map([[v.digest, bytes]]), nowMs);
}

test("a download in progress keeps the old state's bytes whole across a swap", async (t) => {
  // ~3.8 MB each: far more than the socket buffers, so the reply is still being written at the swap.
  const first = makeTestState(12, 120_000, 1);
  const old = first.bytes;
  const next = makeTestState(16, 120_000, 2, first.finalized).bytes;
  const s = new StateStore({ staleAfterMs: 60_000, history: 1 });
  assert.equal(store(s, old, Date.now()).kind, "served-new");
  const app = buildServer({
    logger: pino({ level: "silent" }), nowMs: Date.now, upstreams: () => [], store: s, rounds: () => [], metrics: null,
    settings: { quorum: 0.5, minAgree: 1, quorumOf: "answering", pollIntervalMs: 1000, pollConcurrency: 4, workers: 1, staleAfterMs: 60_000, pairWindowMs: 0 },
  }, { staticFiles: [] });
  t.after(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as AddressInfo).port;

  const received = await new Promise<Buffer>((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/lean/v0/states/finalized", agent: false }, (res) => {
      assert.equal(res.statusCode, 200);
      const chunks: Buffer[] = [];
      let swapped = false;
      res.on("data", (c: Buffer) => {
        chunks.push(c);
        if (swapped) return;
        swapped = true;
        // Stop reading, store a newer state (the old one leaves the store: history 1), then read on.
        res.pause();
        setTimeout(() => {
          assert.equal(store(s, next, Date.now()).kind, "served-new");
          assert.equal(s.bySlot(12), null, "the old state left the store");
          res.resume();
        }, 50);
      });
      res.on("end", () => resolve(Buffer.concat(chunks)));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  assert.equal(received.length, old.length);
  assert.equal(stateDigest(received), stateDigest(old));

  const after = await fetch(`http://127.0.0.1:${port}/lean/v0/states/finalized`);
  assert.equal(stateDigest(new Uint8Array(await after.arrayBuffer())), stateDigest(next));
});
