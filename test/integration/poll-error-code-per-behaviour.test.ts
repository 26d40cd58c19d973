import { test } from "node:test";
import assert from "node:assert/strict";
import pino from "pino";
import { startDevnet } from "../../src/devnet/index.js";
import type { BehaviourName } from "../../src/devnet/index.js";
import { Dispatcher } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import { FifoScheduler } from "../support/fifo-scheduler.js";

const CASES: Array<[BehaviourName, Record<string, unknown>, string]> = [
  ["healthy", {}, "ok"],
  ["wrong-root", {}, "wrong_root"],
  ["json-instead-of-ssz", {}, "bad_content_type"],
  ["corrupted", {}, "bad_ssz"],
  ["truncated", { mode: "short" }, "bad_ssz"],
  ["truncated", { mode: "close" }, "protocol"],
  ["huge", { bytes: 3 * 2 ** 20, chunked: true }, "too_large"],
  ["huge", { bytes: 3 * 2 ** 20, chunked: false }, "too_large"],
  ["http-error", { status: 500 }, "http_500"],
  ["refused", {}, "refused"],
  ["blackhole", {}, "timeout"],
  ["no-block", {}, "ok"],
  ["json-unless-accept", {}, "ok"],
  ["bad-block", { mode: "garbage" }, "bad_block"],
  ["bad-block", { mode: "json" }, "ok"],
];

/** What the block probe found, for the ok cases: a served block carries its verified root. */
const BLOCK_NOTES: Partial<Record<BehaviourName, string>> = {
  healthy: "served", "no-block": "not_served", "json-unless-accept": "served", "bad-block": "bad_content_type",
};

test("each devnet behaviour ends as its stable upstream error code, through the real pool", async (t) => {
  const dn = await startDevnet({ nodes: CASES.length, stateMb: 0.2, clock: "paused" });
  t.after(() => dn.close());
  for (const [i, [name, params]] of CASES.entries()) await dn.control.setBehaviour(i, name, params);
  const pool = new PollPool({ upstreams: CASES.length, workers: 2, concurrency: 16, timeoutMs: 1500 });
  t.after(() => pool.destroy());
  const d = new Dispatcher(dn.upstreams.map((u) => ({ name: u.name, url: u.url })),
    { concurrency: 16, timeoutMs: 1500, intervalMs: 3000, maxStateBytes: 2 ** 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }) });
  const r = await d.runRound();
  const got = r.outcomes.map((o) => (o.ok ? "ok" : o.code));
  assert.deepEqual(got, CASES.map(([, , code]) => code), JSON.stringify(r.outcomes.map((o) => (o.ok ? "ok" : `${o.code}: ${o.message}`))));
  for (const [i, o] of r.outcomes.entries()) {
    if (!o.ok) continue;
    const name = CASES[i]![0];
    assert.equal(o.blockNote, BLOCK_NOTES[name], name);
    if (o.blockNote === "served") {
      assert.equal(o.blockRoot, o.state.finalized.root, `${name}: the block is the state's finalized block`);
      assert.ok(o.blockBytes && o.blockBytes.length > 0, `${name}: its bytes travel with the outcome`);
    } else {
      assert.equal(o.blockRoot, null);
      assert.equal(o.blockBytes, undefined);
    }
  }
});

test("the finalized-block probe skips the state download while finality stands still", async (t) => {
  const dn = await startDevnet({ nodes: 3, stateMb: 0.5, clock: "paused" });
  t.after(() => dn.close());
  const pool = new PollPool({ upstreams: 3, workers: 2, concurrency: 8, timeoutMs: 3000 });
  t.after(() => pool.destroy());
  const d = new Dispatcher(dn.upstreams.map((u) => ({ name: u.name, url: u.url })),
    { concurrency: 8, timeoutMs: 3000, intervalMs: 4000, maxStateBytes: 8 * 2 ** 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }) });

  const first = await d.runRound();
  assert.equal(first.ok, 3);
  for (const o of first.outcomes) {
    assert.ok(o.ok && !o.unchanged && o.bytes > 0.4 * 2 ** 20, "the first poll downloads the state");
  }
  const second = await d.runRound();
  for (const [i, o] of second.outcomes.entries()) {
    const prev = first.outcomes[i]!;
    assert.ok(o.ok && o.unchanged, "nothing changed: the last verified result is reused");
    // The devnet sends ETags: the conditional probe gets a bodiless 304, and only the
    // justified checkpoint's few bytes of JSON travel.
    assert.ok(o.bytes < 256, `only the justified checkpoint travels (${o.bytes} of ${prev.bytes} bytes)`);
    assert.ok(prev.ok && o.state.finalized.root === prev.state.finalized.root);
  }
  const next = await dn.control.advanceFinality();
  const third = await d.runRound();
  for (const o of third.outcomes) {
    assert.ok(o.ok && !o.unchanged, "finality moved: the state is downloaded and verified again");
    assert.deepEqual(o.state.finalized, next.finalized);
    assert.equal(o.state.stateRoot, next.stateRoot);
  }
});

test("the same bad bytes from several upstreams: each is bad_ssz with the first poll's reason", async (t) => {
  const dn = await startDevnet({ nodes: 3, stateMb: 0.2, clock: "paused", faults: "corrupted:3" });
  t.after(() => dn.close());
  const pool = new PollPool({ upstreams: 3, workers: 2, concurrency: 8, timeoutMs: 3000 });
  t.after(() => pool.destroy());
  const d = new Dispatcher(dn.upstreams.map((u) => ({ name: u.name, url: u.url })),
    { concurrency: 8, timeoutMs: 3000, intervalMs: 4000, maxStateBytes: 2 ** 20 },
    { pool, scheduler: new FifoScheduler(), logger: pino({ level: "silent" }) });
  const r = await d.runRound();
  const messages = r.outcomes.map((o) => (o.ok ? "ok" : `${o.code}: ${o.message}`));
  assert.ok(r.outcomes.every((o) => !o.ok && o.code === "bad_ssz"), JSON.stringify(messages));
  const first = r.outcomes.find((o) => !o.ok && !o.message.startsWith("these state bytes"));
  const again = r.outcomes.filter((o) => !o.ok && o.message.startsWith("these state bytes were already found invalid: "));
  assert.ok(first && !first.ok && again.length > 0, JSON.stringify(messages));
  for (const o of again) assert.ok(!o.ok && o.message.includes(first.message.slice(0, 60)), JSON.stringify(messages));
});
