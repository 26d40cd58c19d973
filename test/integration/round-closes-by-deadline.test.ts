import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { Dispatcher } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import { FifoScheduler } from "../support/fifo-scheduler.js";
import { UpstreamStatusBook } from "../../src/round/upstream-status.js";
import { makeTestState } from "../support/lean-state.js";
import { testServers } from "../support/misbehaving-servers.js";

test("8 upstreams, 3 misbehaving, concurrency 2, timeout 500: every round closes by its deadline", async (t) => {
  const state = makeTestState(40, 200);
  const servers = testServers();
  t.after(() => servers.closeAll());
  const urls = [
    await servers.start("healthy", state.bytes),
    await servers.start("blackhole", state.bytes),
    await servers.start("healthy", state.bytes),
    await servers.start("stall-body", state.bytes),
    await servers.start("healthy", state.bytes),
    await servers.refusedUrl(),
    await servers.start("healthy", state.bytes),
    await servers.start("healthy", state.bytes),
  ];
  const upstreams = urls.map((url, i) => ({ name: `u${i}`, url }));
  const pool = new PollPool({ upstreams: 8, workers: 2, concurrency: 2, timeoutMs: 500 });
  t.after(() => pool.destroy());
  const bytesSeen = new Map<string, Uint8Array>();
  const dispatcher = new Dispatcher(upstreams, { concurrency: 2, timeoutMs: 500, intervalMs: 3000, maxStateBytes: 1 << 20 }, {
    pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }),
    onStateBytes: (d, b) => bytesSeen.set(d, b),
  });
  const book = new UpstreamStatusBook(upstreams);

  for (let r = 0; r < 3; r++) {
    const report = await dispatcher.runRound();
    for (const o of report.outcomes) book.apply(report.round, o, report.abandoned.has(o.upstream));
    // Closing by the deadline is the property; the margin only covers timer granularity.
    assert.ok(report.endedMs <= report.deadlineMs + 250, `round ${report.round} ended ${report.endedMs - report.deadlineMs} ms past its deadline`);
    assert.equal(report.deadlineMs - report.startedMs, 2000, "deadline = min(interval, ceil(8/2) x 500)");
    assert.equal(report.ok, 5);
    for (const i of [0, 2, 4, 6, 7]) {
      const s = book.get(i);
      assert.equal(s.healthy, true, `u${i} healthy after round ${report.round}`);
      assert.equal(s.finalized?.root, state.finalized.root);
      assert.equal(s.state_root, state.stateRoot);
    }
    assert.equal(book.get(1).last_error, "timeout");
    assert.equal(book.get(3).last_error, "timeout");
    assert.equal(book.get(5).last_error, "refused");
    for (const i of [1, 3, 5]) assert.equal(book.get(i).healthy, false);
  }
  // The same bytes from five upstreams reached the main thread once (one verification).
  assert.equal(bytesSeen.size, 1);
  assert.equal(book.get(0).consecutive_errors, 0);
  assert.equal(book.get(1).consecutive_errors, 3);
  assert.equal(pool.slots.inFlight(), 0, "every slot is back once the polls ended");
});
