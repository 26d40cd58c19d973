import { test } from "node:test";
import assert from "node:assert/strict";
import { RoundLoop } from "../../../src/round/round-loop.js";

test("rounds start at a fixed rate; an overrunning round is followed at once and counted", async (t) => {
  // On a mocked clock (Date and setTimeout), so the schedule is checked to the millisecond
  // without depending on how fast this machine runs.
  t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  const INTERVAL = 120;
  // Round 3 takes longer than the interval; the others are short.
  const durations = [10, 10, 200, 10, 10];
  const starts: number[] = [];
  const overruns: boolean[] = [];
  let finished = false;
  const loop = new RoundLoop<number>(INTERVAL, {
    runRound: async () => {
      starts.push(Date.now());
      const i = starts.length - 1;
      await new Promise((r) => setTimeout(r, durations[i]));
      return i;
    },
    onRound: (i, overrun) => {
      overruns.push(overrun);
      if (i === durations.length - 1) finished = true;
    },
    onError: (e) => assert.fail(String(e)),
  });
  loop.start();
  // Advance the clock a millisecond at a time; between steps the loop's promises settle
  // (setImmediate is real). Five rounds need about 700 ms of the mocked clock.
  for (let ms = 0; !finished; ms++) {
    assert.ok(ms < 5000, `five rounds within 5 s of the mocked clock; started: ${JSON.stringify(starts)}`);
    await new Promise((r) => setImmediate(r));
    t.mock.timers.tick(1);
  }
  await loop.close();
  const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
  // Fixed rate: round 2 starts one interval after round 1 (not one interval after it ended).
  assert.equal(gaps[0], INTERVAL, `gap ${gaps[0]}`);
  // Round 3 overran (200 ms > 120): round 4 starts as soon as it ended, not an interval later.
  assert.equal(gaps[2], 200, `gap after the overrun ${gaps[2]}`);
  // Then the schedule restarts from there: round 5 one interval after round 4.
  assert.equal(gaps[3], INTERVAL, `gap ${gaps[3]}`);
  assert.deepEqual(overruns, [false, false, true, false, false]);
  assert.equal(loop.overruns, 1);
});

test("close() stops the ticking and waits for the running round", async () => {
  let running = 0;
  let finished = 0;
  let reported = 0;
  let roundStarted!: () => void;
  const started = new Promise<void>((r) => (roundStarted = r));
  const loop = new RoundLoop<void>(50, {
    runRound: async () => {
      running++;
      roundStarted();
      await new Promise((r) => setTimeout(r, 30)); // the round's own length: close() comes while it runs
      finished++;
    },
    onRound: () => void reported++,
    onError: () => {},
  });
  loop.start();
  await started;
  await loop.close();
  assert.equal(running, 1);
  assert.equal(finished, 1, "close() resolved after the running round ended");
  assert.equal(reported, 1, "a round whose report is undefined is still reported");
  // A sleep, not a wait: proving no round starts needs time to pass (over two 50 ms intervals).
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(running, 1, "no round starts after close()");
});
