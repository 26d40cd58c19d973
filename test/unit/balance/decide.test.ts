import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, LanesTable, resolveBalancerConfig } from "../../../src/balance/index.js";
import type { BalancerOptions, Decision, LaneLoad } from "../../../src/balance/index.js";

// 8 slots x 1000 ms x window 1: the pool's slot time is 8000 ms, the threshold 25% = 2000 ms.
function run(
  members: number[][],
  loads: number[],
  opts: { unready?: number[]; lane?: number; config?: Partial<BalancerOptions> } = {},
): Decision {
  const table = LanesTable.fromMembers(members, loads.length, 8);
  const lanes = new Map<number, LaneLoad>();
  for (const lane of table.lanes) {
    lanes.set(lane.id, { load: lane.upstreams.reduce((s, u) => s + loads[u], 0), ready: !opts.unready?.includes(lane.id) });
  }
  const config = resolveBalancerConfig({ upstreams: loads.length, totalSlots: 8, roundMs: 1000, window: 1, threshold: 0.25, maxLanes: 4, ...opts.config });
  return decide({ table, lanes, upstreamLoad: loads, config, lane: opts.lane });
}

function proposed(d: Decision): number[][] {
  assert.ok(d.kind === "Split" || d.kind === "Collapse", `expected an action, got ${d.kind}: ${d.reason}`);
  return d.proposal.table.lanes.map((l) => [...l.upstreams]);
}

test("LaneNotInTable: check about a lane the table does not hold", () => {
  const d = run([[0, 1]], [5, 5], { lane: 7 });
  assert.equal(d.kind, "LaneNotInTable");
  assert.equal(d.ok, false);
});

test("StatsAreNotReady: check about a lane whose window is not full", () => {
  const d = run([[0], [1]], [5, 5], { lane: 0, unready: [0] });
  assert.equal(d.kind, "StatsAreNotReady");
  assert.deepEqual(d.kind === "StatsAreNotReady" && d.unready, [0]);
});

test("StatsAreNotReady: no decision without a strict majority of ready lanes, and the unready are named", () => {
  const d = run([[0], [1]], [5000, 5], { unready: [1] });
  assert.equal(d.kind, "StatsAreNotReady");
  assert.deepEqual(d.kind === "StatsAreNotReady" && d.unready, [1]);
  assert.match(d.reason, /1 of 2 lanes/);
});

test("a quorum of ready lanes decides, and still lists the lane left out", () => {
  const d = run([[0], [1], [2]], [5, 5, 5], { unready: [0] });
  assert.equal(d.kind, "ContinueAsIs");
  assert.deepEqual(d.kind === "ContinueAsIs" && d.unready, [0]);
});

test("ContinueAsIs: no lane over the threshold", () => {
  const d = run([[0, 1, 2, 3]], [500, 400, 5, 5]); // 910 ms < 2000 ms
  assert.equal(d.kind, "ContinueAsIs");
  assert.match(d.reason, /threshold 25\.0%/);
});

test("Split: the heaviest lane's costliest upstreams move to a new lane above it", () => {
  const d = run([[0, 1, 2, 3, 4, 5]], [5, 1000, 5, 1000, 5, 5]);
  assert.deepEqual(proposed(d), [[1, 3], [0, 2, 4, 5]]);
  assert.ok(d.kind === "Split");
  assert.deepEqual(d.proposal.change, { kind: "Split", parent: 0, child: 1, moved: [1, 3] });
  assert.equal(d.proposal.baseVersion, 0);
  assert.equal(d.proposal.table.defaultLane.id, 0, "the parent stays the default lane");
});

test("Split cuts above the cheapest cluster, by the per-upstream window load", () => {
  // 1100, 900 | 40, 30, 20: coming up from the cheapest, 40 -> 900 is the first drop of 4x or more.
  const d = run([[0, 1, 2, 3, 4]], [40, 1100, 20, 900, 30]);
  assert.deepEqual(proposed(d), [[1, 3], [0, 2, 4]]);
});

test("ContinueAsIs: a heavy lane whose upstreams all cost alike is not split", () => {
  const d = run([[0, 1, 2, 3]], [1000, 900, 1000, 800]);
  assert.equal(d.kind, "ContinueAsIs");
  assert.match(d.reason, /no cost gap/);
});

test("Split passes over a uniform heavy lane to the next heavy lane it can separate", () => {
  const d = run([[0, 1, 2], [3, 4, 5, 6]], [1000, 1000, 1000, 5, 1000, 1000, 5]);
  assert.deepEqual(proposed(d), [[0, 1, 2], [4, 5], [3, 6]]);
});

test("Collapse: over max lanes, the lightest non-default lane folds into the next one down", () => {
  const d = run([[0], [1], [2], [3]], [300, 100, 200, 50], { config: { maxLanes: 3 } });
  assert.deepEqual(proposed(d), [[0], [1, 2], [3]]);
  assert.ok(d.kind === "Collapse");
  assert.deepEqual(d.proposal.change, { kind: "Collapse", folded: 1, into: 2 });
});

test("the default lane never collapses, even when it is the lightest", () => {
  const d = run([[0], [1], [2]], [300, 200, 1], { config: { maxLanes: 2 } });
  assert.deepEqual(proposed(d), [[0], [1, 2]]);
  assert.throws(() => LanesTable.fromMembers([[0], [1]], 2, 2).collapse(1), /default lane/);
});

test("Collapse takes the lightest ready lane: a lane whose window is not full is not folded", () => {
  const d = run([[0], [1], [2]], [1, 200, 300], { config: { maxLanes: 1 }, unready: [0] });
  assert.deepEqual(proposed(d), [[0], [1, 2]]);
  assert.deepEqual(d.kind === "Collapse" && d.unready, [0]);
});

// At capacity (3 lanes, max 3): the default lane {2,3,4,5} = 3000+3000+10+10 = 6020 ms.
const atCapacity = (a: number, c: number) => run([[0], [1], [2, 3, 4, 5]], [a, c, 3000, 3000, 10, 10], { config: { maxLanes: 3 } });

test("2x rule at capacity: a split needs max load > 2 x min load", () => {
  assert.equal(atCapacity(100, 2000).kind, "Split");
  const exactly = atCapacity(3010, 3010); // 6020 is not > 2 x 3010
  assert.equal(exactly.kind, "ContinueAsIs");
  assert.match(exactly.reason, /not > 2x/);
  assert.equal(atCapacity(3500, 3500).kind, "ContinueAsIs");
});

test("below capacity the 2x rule does not apply", () => {
  const d = run([[0], [1, 2, 3, 4]], [3010, 3000, 3000, 10, 10], { config: { maxLanes: 3 } });
  assert.equal(d.kind, "Split");
});

test("at capacity a split is refused when one of its halves would be the next collapse", () => {
  // Lane 0 {0,1} would split into {0} 3000 ms and {1} 10 ms; the lane that collapses next
  // must be lighter than both, but the only other non-default lane weighs 5000 ms.
  const d = run([[0, 1], [2], [3]], [3000, 10, 5000, 10], { config: { maxLanes: 3 } });
  assert.equal(d.kind, "ContinueAsIs");
  assert.match(d.reason, /fold straight back/);
});

test("--no-balance: always ContinueAsIs", () => {
  const d = run([[0, 1, 2]], [1000, 5, 5], { config: { noBalance: true } });
  assert.equal(d.kind, "ContinueAsIs");
  assert.match(d.reason, /no-balance/);
});
