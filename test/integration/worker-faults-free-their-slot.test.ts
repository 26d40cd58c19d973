/**
 * A poll worker that fails for real (throws, runs out of memory, is stopped mid-poll):
 * piscina replaces the thread, that poll is an `internal` error of its upstream only, the
 * slot counter is exact afterwards (no slot leaked, none given back twice) and the next round
 * runs as usual. The faults come from test/fixtures/fault-poll-worker.ts, the real worker
 * entry plus a fault on a marker in the upstream URL; the faulting upstream is a slow node,
 * so its real poll is still in flight when its worker dies.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import v8 from "node:v8";
import pino from "pino";
import { Dispatcher, type RoundReport } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import { SlotState } from "../../src/shm/slots-layout.js";
import { upstreamErrorToInt } from "../../src/model/errors.js";
import { FifoScheduler } from "../support/fifo-scheduler.js";
import { eventually } from "../support/eventually.js";
import { startTestDevnet, type DevnetHandle } from "../support/devnet.js";

// Worker isolates created from now on get a 64 MB old generation (V8 reads the flag when it
// sizes a new heap; this process's own heap is already sized), so the `oom` fault reaches
// the limit in well under a second instead of after ~4 GB. Real polls of the test devnet's
// 50 KiB states need a few MB.
v8.setFlagsFromString("--max-old-space-size=64");

const WORKER_FILE = new URL("../fixtures/fault-poll-worker.js", import.meta.url);
const NODES = 4;
const FAULTY = 3;
const SLOW_MS = 3000;
const TIMEOUT_MS = 4000;
const INTERVAL_MS = 5000;

type FaultKind = "throw" | "oom" | "exit";
/** The fixture's marker: the poll of this upstream in round `round` makes its worker fail with `kind`. */
function faultUrl(url: string, kind: FaultKind, round: number): string {
  return `${url}/__fault/${kind}/${round}`;
}

let dn: DevnetHandle;
before(async () => {
  dn = await startTestDevnet({ nodes: NODES });
});
after(() => dn.close());

function codes(r: RoundReport): string[] {
  return r.outcomes.map((o) => (o.ok ? "ok" : o.code));
}

/** The slot table after a round whose polls have all ended: nothing held, every record closed once. */
function assertSlotsExact(pool: PollPool, round: number): void {
  assert.equal(pool.slots.inFlight(), 0, `round ${round}: no slot leaked and none given back twice`);
  for (let u = 0; u < NODES; u++) {
    const r = pool.slots.read(u);
    assert.equal(r.generation, round, `upstream ${u} was polled in round ${round}`);
    assert.equal(r.ended, true, `upstream ${u}'s record is ENDED`);
    assert.equal(pool.slots.released(u), true, `upstream ${u}'s slot was given back`);
    assert.equal(r.state, SlotState.DONE, `upstream ${u}'s poll ended in time`);
    assert.ok(pool.slots.isFree(u), `upstream ${u} can be dispatched again`);
  }
}

async function faultRound(t: import("node:test").TestContext, kind: FaultKind, message: RegExp): Promise<void> {
  const pool = new PollPool({ upstreams: NODES, workers: 2, concurrency: NODES, timeoutMs: TIMEOUT_MS, workerFile: WORKER_FILE });
  t.after(() => pool.destroy());
  const upstreams = dn.upstreams.map((u, i) => ({ name: u.name, url: i === FAULTY ? faultUrl(u.url, kind, 1) : u.url }));
  const errors: unknown[] = [];
  const logger = pino({ level: "silent" });
  const d = new Dispatcher(upstreams, { concurrency: NODES, timeoutMs: TIMEOUT_MS, intervalMs: INTERVAL_MS, maxStateBytes: 1 << 20 }, {
    pool, scheduler: new FifoScheduler(), logger: { debug: logger.debug.bind(logger), error: (o: unknown) => void errors.push(o) },
  });
  await eventually(() => pool.stats.threads === 2, { timeoutMs: 5000, message: () => "both workers up" });
  // Slow in the faulted round, so the real poll is still waiting for its answer when the worker dies.
  await dn.control.setBehaviour(FAULTY, "slow", { delayMs: SLOW_MS });

  const r1 = await d.runRound();
  const faulted = r1.outcomes[FAULTY]!;
  assert.deepEqual(codes(r1), ["ok", "ok", "ok", "internal"], JSON.stringify(r1.outcomes.map((o) => (o.ok ? "ok" : o.message))));
  assert.ok(!faulted.ok && message.test(faulted.message), `the faulted poll says what happened: ${!faulted.ok && faulted.message}`);
  assert.ok(r1.endedMs - r1.startedMs < SLOW_MS, `the round ended when the worker died (${r1.endedMs - r1.startedMs} ms), before the slow node would have answered`);
  assert.equal(r1.abandoned.size, 0);
  assert.equal(errors.length, 1, "one 'poll task failed in the pool' error logged");
  assertSlotsExact(pool, 1);
  const rec = pool.slots.read(FAULTY);
  assert.ok(rec.startedMs > 0, "the worker had started the real poll when it died (mid-poll)");
  assert.equal(rec.errorCode, upstreamErrorToInt("internal"), "the faulted upstream's record carries the internal error");
  for (let u = 0; u < FAULTY; u++) assert.equal(pool.slots.read(u).errorCode, 0, `upstream ${u}'s record is ok`);

  await dn.control.setBehaviour(FAULTY, "healthy");
  await eventually(() => pool.stats.threads === 2, { timeoutMs: 5000, message: () => `the pool replaced the dead worker (threads: ${pool.stats.threads})` });

  const r2 = await d.runRound();
  assert.deepEqual(codes(r2), ["ok", "ok", "ok", "ok"], JSON.stringify(r2.outcomes.map((o) => (o.ok ? "ok" : o.message))));
  assert.equal(r2.dispatched, NODES);
  assertSlotsExact(pool, 2);
  assert.equal(errors.length, 1, "nothing more failed");
}

test("a poll worker that throws: replaced, an internal error of that upstream only, slots exact, the next round runs", async (t) => {
  await faultRound(t, "throw", /poll task failed: injected fault: the poll worker throws/);
});

test("a poll worker out of memory (resourceLimits): replaced, an internal error of that upstream only, slots exact, the next round runs", async (t) => {
  await faultRound(t, "oom", /poll task failed: .*memory limit/);
});

test("a poll worker stopped mid-poll: replaced, an internal error of that upstream only, slots exact, the next round runs", async (t) => {
  await faultRound(t, "exit", /poll task failed: worker exited with code: 1/);
});
