/**
 * The whole measurement: one devnet per upstream count, calibrated once it is up, then
 * every fault mix on it and every configuration on each mix: one runner process per
 * configuration, alive together and taking turns round by round (never two rounds at
 * once: they would share the cores), then the worker-count sweep the same way.
 */
import os from "node:os";
import { DEFAULT_BALANCE_WINDOW } from "../src/balance/index.js";
import { threadsOf } from "./engines/index.js";
import { necessaryWork } from "./model/limit.js";
import { warmupRounds, type BenchOptions } from "./model/options.js";
import type { Progress } from "./progress.js";
import type { Calibration, ConfigName, RunSpec } from "./model/protocol.js";
import { describeCommit, describeMachine } from "./machine.js";
import type { BenchResults, ConfigResult, SweepResult, WorkloadResult } from "./model/results.js";
import { DevnetSession, runCalibration, runConfiguration } from "./session.js";
import { TurnGate } from "./turns.js";
import { summarizeRun } from "./model/summary.js";
import { healthyMask, planWorkloads, workloadKey, type Workload } from "./model/workloads.js";

/** The sweep's devnet: the issue's calibration size when it is in --nodes, else the largest. */
export function sweepNodes(o: BenchOptions): number {
  const nodes = o.plan.map(([n]) => n);
  return nodes.includes(64) ? 64 : Math.max(...nodes);
}

/**
 * Rounds of one configuration on one workload. A fault mix has no steady rounds (they would
 * repeat the timeout the faulty nodes cost) and, outside --quick, quorumpoint first runs
 * its balancer's window as learning rounds: the daemon would have run them long before.
 */
function roundsOf(o: BenchOptions, config: ConfigName, w: Workload): { steady: number; learn: boolean; total: number } {
  const faulty = w.mix !== "healthy";
  const steady = faulty ? 0 : o.steadyRounds;
  const learn = faulty && !o.quick;
  const learnRounds = learn && config === "quorumpoint" ? DEFAULT_BALANCE_WINDOW : 0;
  return { steady, learn, total: warmupRounds(o, steady) + learnRounds + steady + o.changeRounds };
}


export function plannedRounds(o: BenchOptions): number {
  const runs = planWorkloads(o.plan, o.stateMb, o.cap).flatMap((w) => o.configs.map((c) => roundsOf(o, c, w).total));
  return runs.reduce((a, b) => a + b, 0) + o.sweepWorkers.length * (o.warmupRounds + o.sweepRounds);
}

/** What every run of one workload (or of the sweep) shares: the devnet, the options, the progress bar, the turns. */
interface Shared {
  session: DevnetSession;
  o: BenchOptions;
  progress: Progress;
  gate: TurnGate;
}

async function runOne(config: ConfigName, w: Workload, { session, o, progress, gate }: Shared, workers = o.workers, sweep = false): Promise<ConfigResult> {
  const r = roundsOf(o, config, w);
  const spec: RunSpec = {
    config, urls: session.urls, healthy: healthyMask(w), workers, cap: o.cap, timeoutMs: o.timeoutMs, intervalMs: o.intervalMs,
    maxStateBytes: Math.max(64 * 2 ** 20, Math.ceil(o.stateMb * 2 * 2 ** 20)),
    warmupRounds: warmupRounds(o, sweep ? 0 : r.steady), steadyWarmupMs: !sweep && r.steady > 0 ? o.steadyWarmupMs : 0,
    steadyGapMs: sweep ? 0 : o.steadyGapMs, learn: r.learn, steadyRounds: sweep ? 0 : r.steady, changeRounds: sweep ? o.sweepRounds : o.changeRounds,
    naiveReclaim: o.naiveReclaim === true,
  };
  const threads = threadsOf(config, { workers, cap: o.cap });
  const label = `${w.key} · ${config}${config === "quorumpoint" || config === "pool" ? ` (${workers} workers)` : ""}`;
  try {
    const run = await runConfiguration(spec, session, { gate, onRound: (f) => progress.tick(`${label} · ${f.phase} ${f.index + 1}`) });
    return { config, threads, run, summary: summarizeRun(run), error: null };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    progress.note(`${label} FAILED: ${error.split("\n")[0]}`);
    return { config, threads, run: null, summary: null, error };
  }
}

export async function runBench(o: BenchOptions, command: string, progress: Progress): Promise<BenchResults> {
  const t0 = Date.now();
  const workloads = planWorkloads(o.plan, o.stateMb, o.cap);
  const results: BenchResults = {
    version: 1, date: new Date().toISOString(), commit: describeCommit(), machine: describeMachine(), command, options: o, workloads: [], sweep: [], durationS: 0,
  };
  let cpuCal: Pick<Calibration, "sha256S" | "merkleS" | "receiveCpuSPerGiB" | "serveCpuSPerGiB"> | null = null;
  const nodeCounts = [...new Set([...workloads.map((w) => w.nodes), ...(o.sweepWorkers.length ? [sweepNodes(o)] : [])])];

  for (const n of nodeCounts) {
    progress.note(`starting a devnet of ${n} nodes x ${o.stateMb} MB`);
    const session = await DevnetSession.start(n, o.stateMb, o.v8DefaultGc);
    try {
      progress.note(`calibrating on ${n} nodes (loopback bandwidth${cpuCal ? "" : ", SHA-256, merkleization"})`);
      const measured = await runCalibration({ urls: session.urls, cap: o.cap, cpu: cpuCal === null }, session);
      cpuCal ??= { sha256S: measured.sha256S, merkleS: measured.merkleS, receiveCpuSPerGiB: measured.receiveCpuSPerGiB, serveCpuSPerGiB: measured.serveCpuSPerGiB };
      const calibration: Calibration = { ...measured, ...cpuCal };
      for (const w of workloads.filter((x) => x.nodes === n)) {
        await session.apply(w);
        const healthy = w.nodes - w.faulty.length;
        const wr: WorkloadResult = { workload: w, calibration, limit: necessaryWork(healthy, calibration, os.availableParallelism()), configs: [] };
        // Every configuration's runner at once, taking turns round by round (turns.ts).
        const shared: Shared = { session, o, progress, gate: new TurnGate() };
        wr.configs.push(...(await Promise.all(o.configs.map((config) => runOne(config, w, shared)))));
        results.workloads.push(wr);
      }
      if (o.sweepWorkers.length && n === sweepNodes(o)) {
        const w: Workload = { key: workloadKey(n, o.stateMb, "healthy"), nodes: n, mix: "healthy", at: "spread", faulty: [] };
        await session.apply(w);
        const shared: Shared = { session, o, progress, gate: new TurnGate() };
        const swept = await Promise.all(o.sweepWorkers.map((workers) => runOne("quorumpoint", w, shared, workers, true)));
        for (const [i, result] of swept.entries()) results.sweep.push({ nodes: n, workers: o.sweepWorkers[i]!, result } satisfies SweepResult);
      }
    } finally {
      await session.close();
    }
  }
  results.durationS = (Date.now() - t0) / 1000;
  results.machine.loadEnd = os.loadavg()[0]!;
  return results;
}
