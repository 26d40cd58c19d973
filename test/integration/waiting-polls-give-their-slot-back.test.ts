/**
 * A poll whose download is over and that only waits for another poll's verification of the
 * same state gives its slot back, so the next upstream starts downloading while the
 * verifier merkleizes. Here the test itself holds the root claim (through the main
 * thread's handle on the shared digest cache) and publishes only once every upstream was
 * dispatched: with one slot, that can happen only if waiting polls hand their slot back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { verifyState } from "../../src/lean/index.js";
import { roundLoad } from "../../src/balance/index.js";
import { Dispatcher } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import { FifoScheduler } from "../support/fifo-scheduler.js";
import { makeTestState } from "../support/lean-state.js";
import { eventually } from "../support/eventually.js";
import { testServers } from "../support/misbehaving-servers.js";

test("polls waiting on another's verification free their slot; the count comes back to zero once", async (t) => {
  const s = makeTestState(30, 2_000);
  const servers = testServers();
  t.after(() => servers.closeAll());
  const urls = await Promise.all(Array.from({ length: 3 }, () => servers.start("healthy", s.bytes, s.blockBytes)));
  const pool = new PollPool({ upstreams: 3, workers: 1, concurrency: 1, timeoutMs: 8000 });
  t.after(() => pool.destroy());
  const claim = pool.digestCache.lookupOrClaimRoot(s.stateRoot);
  assert.equal(claim.kind, "claimed");
  if (claim.kind !== "claimed") return;

  const d = new Dispatcher(urls.map((url, i) => ({ name: `u${i}`, url })), { concurrency: 1, timeoutMs: 8000, intervalMs: 20_000, maxStateBytes: 1 << 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }) });
  const round = d.runRound();

  // All three get dispatched through one slot while the claim is still open.
  await eventually(() => pool.slots.read(2).dispatchedMs > 0, {
    timeoutMs: 6000, intervalMs: 10, message: () => `the third upstream dispatched while the first two waited (slots: ${JSON.stringify([0, 1, 2].map((u) => pool.slots.read(u)))})`,
  });
  for (const u of [0, 1]) {
    const r = pool.slots.read(u);
    assert.ok(r.releasedMs > 0 && !r.ended, `upstream ${u} gave its slot back and still waits`);
  }
  pool.digestCache.publish(claim.entry, claim.version, verifyState(s.bytes));

  const r = await round;
  assert.deepEqual(r.outcomes.map((o) => (o.ok ? "ok" : o.code)), ["ok", "ok", "ok"]);
  assert.equal(pool.slots.inFlight(), 0, "each poll gave its slot back exactly once");
  assert.ok(roundLoad(r, 8000).every((ms) => ms >= 0), "slot time ends at the release");
});
