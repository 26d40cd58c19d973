import assert from "node:assert/strict";
import { test } from "node:test";
import { checkTargets, poolCeiling, rssPerWorker } from "../../../bench/report/targets.js";
import type { BenchResults } from "../../../bench/model/results.js";
import type { PhaseSummary } from "../../../bench/model/summary.js";
import { spreadFaults, workloadKey, type FaultPlacement } from "../../../bench/model/workloads.js";

/** Only the figures checkTargets reads; the rest of a PhaseSummary does not matter here. */
const phase = (p: Partial<PhaseSummary>): PhaseSummary => ({ rounds: 3, healthyMissed: 0, ...p }) as PhaseSummary;

test("the pool ceiling: naive's wall time over its CPU and the devnet's spread on the cores", () => {
  // 1.8 s of naive CPU + 0.2 s of serving on 2 cores take 1 s at best: 1.5 s / 1 s.
  assert.equal(poolCeiling(phase({ wallMedMs: 1500, cpuMedS: 1.8, devnetCpuMedS: 0.2 }), 2), 1.5);
  assert.ok(Number.isNaN(poolCeiling(phase({ wallMedMs: 1500, cpuMedS: 1.8, devnetCpuMedS: NaN }), 2)));
});

function blackhole(nodes: number, at: FaultPlacement, missed: Record<string, number>) {
  return {
    workload: { key: workloadKey(nodes, 16, "blackhole", at), nodes, mix: "blackhole", at, faulty: spreadFaults(nodes, 0.25, at) },
    configs: Object.entries(missed).map(([config, m]) => ({ config, summary: { steady: null, change: phase({ healthyMissed: m }) } })),
  };
}

test("the blackhole targets count every placement, and say which one missed", () => {
  const spread = { naive: 0, pool: 0, quorumpoint: 0 };
  const results = (workloads: unknown[]) => ({ workloads, sweep: [], machine: { cores: 2 }, options: { cap: 16, stateMb: 16 } }) as unknown as BenchResults;
  const only = checkTargets(results([blackhole(256, "spread", spread)]));
  const others = only.find((t) => t.target.startsWith("... while the fixed pool"));
  assert.equal(others?.pass, false, "nobody missed: the target is not shown");

  const both = checkTargets(results([blackhole(256, "spread", spread), blackhole(256, "first", { naive: 576, pool: 158, quorumpoint: 0 })]));
  assert.equal(both.find((t) => t.target.startsWith("25% blackholed"))?.pass, true);
  const shown = both.find((t) => t.target.startsWith("... while the fixed pool"));
  assert.equal(shown?.pass, true);
  assert.match(shown!.measured, /fixed pool 0 of 192 x 3 at 256, 158 of 192 x 3 at 256 \(dead first\); naive 0 of 192 x 3 at 256, 576 of 192 x 3 at 256 \(dead first\)/);
});

test("RSS per worker is the least-squares slope over every sweep run, repeats included", () => {
  const point = (workers: number, peakRssMb: number) => ({ nodes: 64, workers, result: { summary: { peakRssMb } } });
  const of = (sweep: unknown[]) => rssPerWorker({ sweep } as unknown as BenchResults);
  // (2,300) (4,400) (2,310) (4,420): slope 210/4 = 52.5 MB a worker.
  assert.match(of([point(2, 300), point(4, 400), point(2, 310), point(4, 420)]), /adds ~53 MB \(fit over the sweep's peaks by worker count, 2: 300, 2: 310, 4: 400, 4: 420 MB\)/);
  // One noisy pair would say 50 MB a worker (194 -> 243); the fit over four counts says 30.
  assert.match(of([point(1, 194), point(2, 243), point(4, 282), point(8, 406)]), /adds ~29 MB/);
  assert.equal(of([point(2, 300), point(2, 310)]), "", "one worker count: nothing to compare");
});
