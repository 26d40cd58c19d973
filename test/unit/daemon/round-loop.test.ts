import { test } from "node:test";
import assert from "node:assert/strict";
import { RoundLoop } from "../../../src/daemon/round-loop.js";

test("rounds start at a fixed rate; an overrunning round is followed at once and counted", async () => {
  const INTERVAL = 120;
  // Round 3 takes longer than the interval; the others are short.
  const durations = [10, 10, 200, 10, 10];
  const starts: number[] = [];
  const overruns: boolean[] = [];
  let loop: RoundLoop<number>;
  const done = new Promise<void>((resolve) => {
    loop = new RoundLoop<number>(INTERVAL, {
      runRound: async () => {
        starts.push(Date.now());
        const i = starts.length - 1;
        await new Promise((r) => setTimeout(r, durations[i]));
        return i;
      },
      onRound: (i, overrun) => {
        overruns.push(overrun);
        if (i === durations.length - 1) resolve();
      },
      onError: (e) => assert.fail(String(e)),
    });
  });
  loop!.start();
  await done;
  await loop!.close();
  const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
  // Fixed rate: round 2 starts one interval after round 1 (not one interval after it ended).
  assert.ok(Math.abs(gaps[0]! - INTERVAL) < 60, `gap ${gaps[0]}`);
  // Round 3 overran (200 ms > 120): round 4 starts as soon as it ended, not an interval later.
  assert.ok(gaps[2]! < 200 + 60 && gaps[2]! >= 200, `gap after the overrun ${gaps[2]}`);
  // Then the schedule restarts from there: round 5 one interval after round 4.
  assert.ok(Math.abs(gaps[3]! - INTERVAL) < 60, `gap ${gaps[3]}`);
  assert.deepEqual(overruns, [false, false, true, false, false]);
  assert.equal(loop!.overruns, 1);
});

test("close() stops the ticking and waits for the running round", async () => {
  let running = 0;
  let finished = 0;
  let reported = 0;
  const loop = new RoundLoop<void>(50, {
    runRound: async () => {
      running++;
      await new Promise((r) => setTimeout(r, 30));
      finished++;
    },
    onRound: () => void reported++,
    onError: () => {},
  });
  loop.start();
  await new Promise((r) => setTimeout(r, 10));
  await loop.close();
  assert.equal(running, 1);
  assert.equal(finished, 1, "close() resolved after the running round ended");
  assert.equal(reported, 1, "a round whose report is undefined is still reported");
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(running, 1, "no round starts after close()");
});
