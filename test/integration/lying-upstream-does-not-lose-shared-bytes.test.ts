import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { SignedBlock, fromHex, zeroSignature } from "../../src/lean/index.js";
import { Dispatcher } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import { FifoScheduler } from "../support/fifo-scheduler.js";
import { makeTestState } from "../support/lean-state.js";
import { testServers } from "../support/misbehaving-servers.js";

test("an upstream whose block lies about the bytes it serves fails wrong_root, and the honest ones still deliver those bytes", async (t) => {
  const honest = makeTestState(40, 300);
  const other = makeTestState(41, 300, 9);
  // A block that claims another state: its state_root is not the root of the bytes served beside it.
  const lyingBlock = SignedBlock.serialize({
    block: { slot: 41, proposerIndex: 1, parentRoot: new Uint8Array(32), stateRoot: fromHex(other.stateRoot), body: { attestations: [] } },
    signature: { attestationSignatures: [], proposerSignature: zeroSignature() },
  });
  const servers = testServers();
  t.after(() => servers.closeAll());
  const urls = [
    await servers.start("healthy", honest.bytes, lyingBlock), // polled first: it meets the bytes first
    await servers.start("healthy", honest.bytes),
    await servers.start("healthy", honest.bytes),
  ];
  // One slot: the liar finishes (and claims the digest) before the honest ones start.
  const pool = new PollPool({ upstreams: 3, workers: 1, concurrency: 1, timeoutMs: 2000 });
  t.after(() => pool.destroy());
  const delivered: string[] = [];
  const d = new Dispatcher(urls.map((url, i) => ({ name: `u${i}`, url })), { concurrency: 1, timeoutMs: 2000, intervalMs: 8000, maxStateBytes: 1 << 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }), onStateBytes: (digest) => delivered.push(digest) });
  const r = await d.runRound();
  assert.deepEqual(r.outcomes.map((o) => (o.ok ? "ok" : o.code)), ["wrong_root", "ok", "ok"]);
  const ok = r.outcomes[1]!;
  assert.ok(ok.ok);
  assert.deepEqual(delivered, [ok.state.digest], "the verified bytes reached the main thread once, from an honest poll");
  assert.equal(ok.state.finalized.root, honest.finalized.root);
});

test("a liar that claims the state root first costs the honest polls one extra download in all, not one each", async (t) => {
  const honest = makeTestState(40, 20_000);
  const forged = makeTestState(40, 20_000, 5); // well-formed, but not the state the honest block names
  const servers = testServers();
  t.after(() => servers.closeAll());
  const urls = [
    // The liar serves the honest block and slow, forged bytes: it holds the root claim while the others wait.
    await servers.start("healthy", forged.bytes, honest.blockBytes, 300),
    ...(await Promise.all(Array.from({ length: 4 }, () => servers.start("healthy", honest.bytes, honest.blockBytes)))),
  ];
  const pool = new PollPool({ upstreams: urls.length, workers: 1, concurrency: urls.length, timeoutMs: 4000 });
  t.after(() => pool.destroy());
  const delivered: string[] = [];
  const d = new Dispatcher(urls.map((url, i) => ({ name: `u${i}`, url })), { concurrency: urls.length, timeoutMs: 4000, intervalMs: 8000, maxStateBytes: 4 << 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }), onStateBytes: (digest) => delivered.push(digest) });
  const r = await d.runRound();
  assert.deepEqual(r.outcomes.map((o) => (o.ok ? "ok" : o.code)), ["wrong_root", "ok", "ok", "ok", "ok"]);
  const honestBytes = r.outcomes.slice(1).map((o) => o.bytes - honest.blockBytes.length);
  const downloads = honestBytes.map((b) => Math.round(b / honest.bytes.length));
  assert.deepEqual([...downloads].sort(), [1, 1, 1, 2], `state downloads per honest poll: ${downloads}`);
  assert.equal(delivered.length, 1, "the verified bytes reached the main thread once");
});
