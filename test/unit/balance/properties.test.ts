import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Balancer } from "../../../src/balance/index.js";
import type { BalancerOptions } from "../../../src/balance/index.js";

// Poll costs in ms that real upstreams show: unreached, healthy, slow, dead (the whole timeout).
const cost = fc.oneof(fc.constantFrom(0, 1, 5, 20, 50, 300, 1000), fc.integer({ min: 0, max: 1000 }));

const settings = (n: number, least = { maxLanes: 1, window: 1 }) =>
  fc.record({
    totalSlots: fc.integer({ min: 1, max: 10 }),
    maxLanes: fc.integer({ min: least.maxLanes, max: 8 }),
    window: fc.integer({ min: least.window, max: 4 }),
    threshold: fc.constantFrom(0.01, 0.05, 0.1, 0.25, 0.5),
  }).map((s) => ({ ...s, upstreams: n, roundMs: 1000 }) satisfies BalancerOptions);

/**
 * Load that changes: phases of a few windows each. Upstreams fall into a few groups that
 * sicken and recover together (as when a region or a client release goes bad), plus some
 * noise of their own, jittered every round.
 */
const changingLoads = (least?: { maxLanes: number; window: number }) =>
  fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      options: settings(n, least),
      groups: fc.array(fc.nat({ max: 4 }), { minLength: n, maxLength: n }),
      own: fc.array(fc.option(cost, { freq: 4 }), { minLength: n, maxLength: n }),
      phases: fc.array(
        fc.record({ groupCosts: fc.array(cost, { minLength: 5, maxLength: 5 }), windows: fc.integer({ min: 1, max: 4 }) }),
        { minLength: 1, maxLength: 6 },
      ),
      jitter: fc.array(fc.double({ min: 0.8, max: 1.2, noNaN: true }), { minLength: 1, maxLength: 17 }),
    }),
  );

interface Phased {
  options: { window: number };
  groups: number[];
  own: (number | null)[];
  phases: { groupCosts: number[]; windows: number }[];
  jitter: number[];
}

function* phaseRounds(c: Phased): Generator<number[]> {
  let r = 0;
  for (const p of c.phases) {
    const costs = c.groups.map((g, u) => c.own[u] ?? p.groupCosts[g]);
    for (let i = 0; i < p.windows * c.options.window; i++, r++) yield costs.map((v, u) => v * c.jitter[(r * 7 + u) % c.jitter.length]);
  }
}

/** Runs the main-thread loop (record, check, apply) and calls `after` after every round. */
function drive(b: Balancer, rounds: Iterable<number[]>, after: (round: number, action: "Split" | "Collapse" | null) => void): void {
  let r = 0;
  for (const loads of rounds) {
    r++;
    b.recordRound(loads);
    const d = b.check();
    if (d.kind === "Split" || d.kind === "Collapse") b.apply(d.proposal);
    after(r, d.kind === "Split" || d.kind === "Collapse" ? d.kind : null);
  }
}

test("property: every upstream is in exactly one lane after every action, and the table never exceeds max lanes + 1", () => {
  fc.assert(
    fc.property(changingLoads(), (c) => {
      const { options } = c;
      const b = new Balancer(options);
      drive(b, phaseRounds(c), () => {
        const t = b.table;
        t.validate();
        const seen = new Array<number>(options.upstreams).fill(0);
        for (const lane of t.lanes) for (const u of lane.upstreams) seen[u]++;
        assert.ok(seen.every((c) => c === 1), `membership counts ${seen}`);
        assert.ok(t.size <= options.maxLanes + 1, `${t.size} lanes, max ${options.maxLanes}`);
        assert.equal(t.lanes.reduce((s, l) => s + l.share, 0), options.totalSlots);
      });
    }),
    { numRuns: 400 },
  );
});

test("property: no lane is split and then collapsed back within one window", () => {
  fc.assert(
    // A fold-back within a window needs a window of 2 or more, and a table large enough
    // that a majority stays ready across a split (4 lanes or more).
    fc.property(changingLoads({ maxLanes: 4, window: 2 }), (c) => {
      const { options } = c;
      const b = new Balancer(options);
      const splits: { round: number; members: string }[] = [];
      const key = (us: readonly number[]) => [...us].sort((x, y) => x - y).join(",");
      drive(b, phaseRounds(c), (round, action) => {
        const change = b.view().lastAction?.change;
        if (action === "Split" && change?.kind === "Split") {
          splits.push({ round, members: key([...b.table.get(change.parent)!.upstreams, ...change.moved]) });
        }
        if (action === "Collapse" && change?.kind === "Collapse") {
          const merged = key(b.table.get(change.into)!.upstreams);
          const undone = splits.find((s) => s.members === merged && round - s.round < options.window);
          assert.equal(undone, undefined, `round ${round} collapsed back the split of round ${undone?.round}`);
        }
      });
    }),
    { numRuns: 1500 },
  );
});

/** Stable costs: each upstream either its own cost or its class's (a few classes, as in real fleets). */
const stableLoads = fc.integer({ min: 1, max: 64 }).chain((n) =>
  fc.record({
    options: settings(n),
    classCosts: fc.array(cost, { minLength: 4, maxLength: 4 }),
    classes: fc.array(fc.nat({ max: 3 }), { minLength: n, maxLength: n }),
    own: fc.array(fc.option(cost, { freq: 3 }), { minLength: n, maxLength: n }),
  }),
);

test("property: a stable load converges to no action", () => {
  fc.assert(
    fc.property(stableLoads, ({ options, classCosts, classes, own }) => {
      const costs = classes.map((k, u) => own[u] ?? classCosts[k]);
      const b = new Balancer(options);
      const w = options.window;
      // Each action needs a full window of the lanes it touched; allow one per lane and
      // then some, and require the last four windows to be quiet.
      const total = w * (2 * options.maxLanes + 10);
      let last = 0;
      drive(b, Array.from({ length: total }, () => costs), (round, action) => {
        if (action) last = round;
      });
      assert.ok(last <= total - 4 * w, `still acting at round ${last} of ${total}`);
      const d = b.check();
      assert.ok(d.kind !== "Split" && d.kind !== "Collapse", d.reason);
    }),
    { numRuns: 1000 },
  );
});

test("a stable load at capacity does not loop: the split that a collapse would undo is never made", () => {
  // One dead, ten slow, fifty healthy, two lanes at most. Splitting {dead, slow} at
  // capacity would make three lanes, and the collapse that follows would fold the dead
  // lane (the lightest non-default one) straight back: forever, every two windows.
  const costs = [1000, ...Array<number>(10).fill(200), ...Array<number>(50).fill(5)];
  const b = new Balancer({ upstreams: costs.length, totalSlots: 8, roundMs: 1000, window: 2, maxLanes: 2 });
  const actions: number[] = [];
  drive(b, Array.from({ length: 40 }, () => costs), (round, action) => action && actions.push(round));
  assert.deepEqual(actions, [2], "one split (the healthy from the rest), then nothing");
  assert.deepEqual(b.table.lanes.map((l) => l.upstreams.length), [11, 50]);
});
