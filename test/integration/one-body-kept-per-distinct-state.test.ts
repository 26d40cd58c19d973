import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { Dispatcher } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import { FifoScheduler } from "../support/fifo-scheduler.js";
import { makeTestState } from "../support/lean-state.js";
import { testServers } from "../support/misbehaving-servers.js";

test("upstreams serving the same state with their blocks: all verified, one body kept and sent to the main thread", async (t) => {
  const s = makeTestState(64, 20_000); // ~640 KB
  const servers = testServers();
  t.after(() => servers.closeAll());
  const urls = await Promise.all(Array.from({ length: 6 }, () => servers.start("healthy", s.bytes, s.blockBytes)));
  const pool = new PollPool({ upstreams: urls.length, workers: 2, concurrency: 6, timeoutMs: 4000 });
  t.after(() => pool.destroy());
  const delivered: Array<[string, number]> = [];
  const d = new Dispatcher(urls.map((url, i) => ({ name: `u${i}`, url })), { concurrency: 6, timeoutMs: 4000, intervalMs: 8000, maxStateBytes: 4 << 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }), onStateBytes: (digest, bytes) => delivered.push([digest, bytes.length]) });
  const r = await d.runRound();
  for (const o of r.outcomes) {
    assert.ok(o.ok, JSON.stringify(o));
    assert.equal(o.state.finalized.root, s.finalized.root);
    assert.equal(o.state.stateRoot, s.stateRoot);
    assert.ok(o.bytes >= s.bytes.length, "every upstream's state was downloaded and hashed");
  }
  assert.equal(delivered.length, 1, "one body kept: the claimer's");
  assert.equal(delivered[0]![1], s.bytes.length);

  // These servers send no ETag: the next probe downloads the block, sees the same digest,
  // and reuses the verified result without downloading the state.
  const again = await d.runRound();
  for (const o of again.outcomes) {
    assert.ok(o.ok && o.unchanged, "unchanged block: state not downloaded");
    assert.ok(o.bytes <= s.blockBytes.length, `${o.bytes} bytes: the block only`);
  }
});
