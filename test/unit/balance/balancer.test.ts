import { test } from "node:test";
import assert from "node:assert/strict";
import { Balancer, defaultMaxLanes, MAX_LOAD_DISPROPORTION } from "../../../src/balance/index.js";
import type { BalancerOptions, Decision, RoundLoads } from "../../../src/balance/index.js";
import { ConfigError, QuorumpointError } from "../../../src/model/errors.js";

// 6 upstreams, 0 and 3 dead (a whole 1000 ms each), the rest 5 ms; 4 slots, window 3.
const DEAD_ROUND = [1000, 5, 5, 1000, 5, 5];
const make = (o: Partial<BalancerOptions> = {}) => new Balancer({ upstreams: 6, totalSlots: 4, roundMs: 1000, window: 3, ...o });
const rounds = (b: Balancer, n: number, loads: RoundLoads = DEAD_ROUND) => {
  for (let i = 0; i < n; i++) b.recordRound(loads);
};
const mustAct = (d: Decision) => {
  assert.ok(d.kind === "Split" || d.kind === "Collapse", `${d.kind}: ${d.reason}`);
  return d.proposal;
};

test("readiness after creation: StatsAreNotReady until the window has filled", () => {
  const b = make();
  assert.equal(b.check().kind, "StatsAreNotReady");
  rounds(b, 2);
  assert.equal(b.check().kind, "StatsAreNotReady");
  assert.equal(b.view().lanes[0].roundsInWindow, 2);
  rounds(b, 1);
  assert.equal(b.check().kind, "Split");
});

test("readiness after a reset: the split's parent and child wait a whole window again", () => {
  const b = make();
  rounds(b, 3);
  b.apply(mustAct(b.check()));
  assert.deepEqual(b.table.lanes.map((l) => [...l.upstreams]), [[0, 3], [1, 2, 4, 5]]);
  const v = b.view();
  assert.deepEqual(v.lanes.map((l) => [l.ready, l.roundsInWindow, l.loadMs]), [[false, 0, 0], [false, 0, 0]]);
  rounds(b, 2);
  const d = b.check();
  assert.equal(d.kind, "StatsAreNotReady");
  assert.deepEqual(d.kind === "StatsAreNotReady" && [...d.unready].sort(), [0, 1]);
  rounds(b, 1);
  assert.equal(b.check().kind, "ContinueAsIs", "both lanes are uniform now");
});

/** As DEAD_ROUND, but upstream 5 not started (0 ms: not measured). */
const ONE_UNMEASURED = [1000, 5, 5, 1000, 5, 0];

test("early split: with the timeout known, members that burned it in every polled round move out after one round", () => {
  const b = make({ timeoutMs: 1000 });
  rounds(b, 1, ONE_UNMEASURED);
  const d = b.check();
  assert.equal(d.kind, "Split", d.reason);
  const p = mustAct(d);
  assert.deepEqual(p.change.kind === "Split" && [...p.change.moved].sort(), [0, 3]);
  assert.match(d.reason, /before a full window/);
  b.apply(p);
  // The unmeasured member stays with the healthy; the dead lane is uniform: nothing more to do early.
  assert.ok(b.table.lanes.find((l) => l.upstreams.includes(5))!.upstreams.includes(1));
  rounds(b, 1, ONE_UNMEASURED);
  assert.equal(b.check().kind, "StatsAreNotReady");
});

test("early split: a slow member that answered is no evidence, and without the timeout nothing splits early", () => {
  const b = make({ timeoutMs: 1000 });
  rounds(b, 1, [900, 5, 5, 1000, 5, 5]);
  const d = mustAct(b.check());
  assert.deepEqual(d.change.kind === "Split" && [...d.change.moved], [3], "900 ms is costly but not a burned budget");
  const plain = make();
  rounds(plain, 1);
  assert.equal(plain.check().kind, "StatsAreNotReady");
  const full = make({ timeoutMs: 1000, maxLanes: 1 });
  rounds(full, 1);
  assert.equal(full.check().kind, "StatsAreNotReady", "no room in the table: no early split");
});

test("at capacity a split goes one over max lanes, and the next decision collapses; the receiving lane resets", () => {
  const b = make({ maxLanes: 2, window: 1 });
  rounds(b, 1, [1000, 1000, 5, 5, 5, 5]);
  b.apply(mustAct(b.check())); // lane 1 {0,1} | default 0 {2,3,4,5}
  rounds(b, 1, [10, 10, 1000, 1000, 5, 5]); // now 2 and 3 are the dead ones
  const split = mustAct(b.check());
  assert.equal(split.change.kind, "Split");
  b.apply(split);
  assert.deepEqual(b.table.lanes.map((l) => [l.id, [...l.upstreams]]), [[1, [0, 1]], [2, [2, 3]], [0, [4, 5]]]);
  assert.match(b.check().reason, /one action a round/);
  rounds(b, 1, [10, 10, 1000, 1000, 5, 5]);
  const collapse = mustAct(b.check());
  assert.deepEqual(collapse.change, { kind: "Collapse", folded: 1, into: 2 });
  b.apply(collapse);
  assert.deepEqual(b.table.lanes.map((l) => [l.id, [...l.upstreams]]), [[2, [0, 1, 2, 3]], [0, [4, 5]]]);
  const v = b.view();
  assert.deepEqual(v.lanes.map((l) => [l.id, l.ready]), [[2, false], [0, true]]);
  assert.deepEqual(v.counters, { splits: 2, collapses: 1, checks: 4, notReady: 0 });
});

test("lane loads are the sum of their upstreams' slot time over the window", () => {
  const b = make();
  rounds(b, 3);
  b.apply(mustAct(b.check()));
  rounds(b, 2, new Map([[0, 700], [1, 10], [3, 300]]));
  const v = b.view();
  assert.deepEqual(v.lanes.map((l) => l.loadMs), [2000, 20]);
  assert.equal(v.lanes[0].loadFraction, 2000 / (4 * 1000 * 3));
});

test("one action a round: a second check answers ContinueAsIs and a second apply is refused", () => {
  const b = make({ window: 1, maxLanes: 4 });
  rounds(b, 1);
  const first = mustAct(b.check());
  b.apply(first);
  assert.match(b.check().reason, /one action a round/);
  assert.throws(() => b.apply(first), (e: unknown) => e instanceof QuorumpointError && e.code === "INTERNAL_BALANCE_PROPOSAL");
});

test("a stale proposal (made for another table version) is refused", () => {
  const b = make({ window: 1 });
  rounds(b, 1);
  const p = mustAct(b.check());
  b.apply(p);
  rounds(b, 1);
  assert.throws(() => b.apply(p), /proposal for table version 0, but version 1/);
});

test("LaneNotInTable and StatsAreNotReady for a named lane, as the source's check(thread)", () => {
  const b = make();
  assert.equal(b.check(42).kind, "LaneNotInTable");
  assert.equal(b.check(0).kind, "StatsAreNotReady");
});

test("--no-balance: one lane forever, and apply is refused", () => {
  const b = make({ noBalance: true, window: 1 });
  rounds(b, 10);
  assert.equal(b.check().kind, "ContinueAsIs");
  assert.equal(b.table.size, 1);
  assert.equal(b.table.defaultLane.share, 4);
  assert.equal(b.view().enabled, false);
  const other = make({ window: 1 });
  rounds(other, 1);
  assert.throws(() => b.apply(mustAct(other.check())), /no-balance/);
});

test("view: lanes, last decision, last action and counters", () => {
  const b = make();
  rounds(b, 3);
  b.check();
  b.apply(mustAct(b.check()));
  const v = b.view();
  assert.equal(v.rounds, 3);
  assert.equal(v.tableVersion, 1);
  assert.deepEqual(v.counters, { splits: 1, collapses: 0, checks: 2, notReady: 0 });
  assert.equal(v.lastDecision?.kind, "Split");
  assert.deepEqual(v.lastAction?.change, { kind: "Split", parent: 0, child: 1, moved: [0, 3] });
  assert.match(v.lastAction?.reason ?? "", /costliest upstreams/);
  assert.deepEqual(v.lanes.map((l) => [l.id, l.isDefault, l.upstreams, l.share]), [[1, false, [0, 3], 1], [0, true, [1, 2, 4, 5], 3]]);
  v.lanes[0].upstreams.push(99); // a snapshot: changing it changes nothing
  assert.deepEqual(b.view().lanes[0].upstreams, [0, 3]);
});

test("settings are validated: window > 0, max lanes >= 1, disproportion >= 2", () => {
  const bad = (o: Partial<BalancerOptions>, setting: string) =>
    assert.throws(() => make(o), (e: unknown) => e instanceof ConfigError && e.detail.setting === setting);
  bad({ window: 0 }, "balance-window");
  bad({ window: 2.5 }, "balance-window");
  bad({ maxLanes: 0 }, "max-lanes");
  bad({ threshold: 0 }, "balance-threshold");
  bad({ threshold: 1.5 }, "balance-threshold");
  bad({ maxLoadDisproportion: 1.9 }, "max-load-disproportion");
  bad({ totalSlots: 0 }, "poll-concurrency");
  bad({ roundMs: 0 }, "round-ms");
  assert.ok(MAX_LOAD_DISPROPORTION >= 2);
  assert.deepEqual([1, 2, 3, 8, 16, 64].map(defaultMaxLanes), [1, 2, 2, 4, 8, 8]);
});

test("round loads are checked: one per upstream, finite, >= 0", () => {
  const b = make();
  assert.throws(() => b.recordRound([1, 2, 3]), /expected 6/);
  assert.throws(() => b.recordRound(new Map([[6, 1]])), /outside/);
  assert.throws(() => b.recordRound([1, 2, 3, 4, 5, -1]), /upstream 5/);
  assert.throws(() => b.recordRound(new Float64Array([1, 2, 3, 4, 5, Number.NaN])), /upstream 5/);
  assert.equal(b.rounds, 0);
});
