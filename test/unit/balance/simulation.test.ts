/**
 * The scenario at unit level: 64 upstreams, 16 blackholed (each holds a slot for
 * the whole 1000 ms timeout), 8 poll slots, healthy polls 5 ms, a round deadline of 2x the
 * timeout. Without balancing, dead upstreams hog the slots and healthy ones miss the
 * deadline; with it, within 3 windows the dead sit in a lane of their own with a small
 * share, and every round polls all 48 healthy upstreams in time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Sim } from "./sim.js";

const UPSTREAMS = 64;
const DEAD = 16;
const TIMEOUT_MS = 1000;
const HEALTHY_MS = 5;
const DEADLINE_MS = 2 * TIMEOUT_MS;
const SLOTS = 8;
const WINDOW = 8;

function scenario(dead: ReadonlySet<number>, noBalance: boolean): Sim {
  const costs = Array.from({ length: UPSTREAMS }, (_, u) => (dead.has(u) ? TIMEOUT_MS : HEALTHY_MS));
  return new Sim(costs, DEADLINE_MS, { totalSlots: SLOTS, window: WINDOW, noBalance });
}

const healthyInTime = (completed: Set<number>, dead: ReadonlySet<number>) => [...completed].filter((u) => !dead.has(u)).length;

/** Runs `windows` windows; returns the first round after which the dead own a lane, and per-round healthy counts. */
function run(sim: Sim, dead: ReadonlySet<number>, windows: number) {
  let isolatedAt: number | null = null;
  const healthy: number[] = [];
  for (let r = 0; r < windows * WINDOW; r++) {
    const res = sim.runRound();
    healthy.push(healthyInTime(res.completed, dead));
    const own = sim.balancer.table.lanes.find((l) => l.upstreams.length === dead.size && l.upstreams.every((u) => dead.has(u)));
    if (own === undefined) isolatedAt = null;
    else if (isolatedAt === null) isolatedAt = res.round;
  }
  return { isolatedAt, healthy };
}

const FIRST_16 = new Set(Array.from({ length: DEAD }, (_, i) => i));

test("without balancing, dead upstreams at the head of the queue starve the healthy ones", () => {
  const { healthy } = run(scenario(FIRST_16, true), FIRST_16, 6);
  const missed = healthy.filter((h) => h < UPSTREAMS - DEAD).length;
  assert.ok(missed >= healthy.length / 2, `healthy polled in time per round: ${healthy.join(",")}`);
  assert.ok(healthy.some((h) => h === 0), "some rounds poll no healthy upstream at all");
});

test("with balancing, within 3 windows the dead own a small lane and every later round polls all healthy upstreams", () => {
  const sim = scenario(FIRST_16, false);
  const { isolatedAt, healthy } = run(sim, FIRST_16, 6);
  assert.ok(isolatedAt !== null && isolatedAt <= 3 * WINDOW, `dead isolated after round ${isolatedAt}`);
  const deadLane = sim.balancer.table.laneOf(0);
  assert.ok(deadLane.share <= Math.ceil((SLOTS * DEAD) / UPSTREAMS), `dead lane share ${deadLane.share} of ${SLOTS}`);
  assert.ok(!sim.balancer.table.isDefault(deadLane.id));
  assert.deepEqual(healthy.slice(isolatedAt), Array(healthy.length - isolatedAt).fill(UPSTREAMS - DEAD));
  const v = sim.balancer.view();
  assert.equal(v.lastDecision?.kind, "ContinueAsIs", "converged: the lanes stay as they are");
  assert.equal(v.counters.collapses, 0);
});

test("property: wherever the 16 dead upstreams sit, balancing isolates them within 3 windows and then polls every healthy one in time", () => {
  fc.assert(
    fc.property(fc.shuffledSubarray([...Array(UPSTREAMS).keys()], { minLength: DEAD, maxLength: DEAD }), (deadList) => {
      const dead = new Set(deadList);
      const { isolatedAt, healthy } = run(scenario(dead, false), dead, 5);
      assert.ok(isolatedAt !== null && isolatedAt <= 3 * WINDOW, `dead ${deadList} isolated after round ${isolatedAt}`);
      for (const h of healthy.slice(isolatedAt)) assert.equal(h, UPSTREAMS - DEAD);
    }),
    { numRuns: 25 },
  );
});
