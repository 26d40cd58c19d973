import { test } from "node:test";
import assert from "node:assert/strict";
import { parseOptions, UsageError } from "../../bench/model/options.js";
import { CONFIGS, type RunSpec } from "../../bench/model/protocol.js";
import { renderChart } from "../../bench/report/svg.js";
import { renderMarkdown } from "../../bench/report/markdown.js";
import { renderTerminal } from "../../bench/report/terminal.js";
import { describeMachine } from "../../bench/machine.js";
import type { BenchResults, ConfigResult } from "../../bench/model/results.js";
import { DevnetSession, runCalibration, runConfiguration } from "../../bench/session.js";
import { summarizeRun } from "../../bench/model/summary.js";
import { healthyMask, planWorkloads, spreadFaults } from "../../bench/model/workloads.js";
import { necessaryWork } from "../../bench/model/limit.js";

const NODES = 6;

test("each configuration polls the devnet in its own runner and the reports render", async (t) => {
  const session = await DevnetSession.start(NODES, 0.25);
  t.after(() => session.close());
  const options = parseOptions(["--nodes", String(NODES), "--state-mb", "0.25", "--workloads", "healthy", "--poll-concurrency", "2", "--out", "/tmp/x"]);
  assert.ok(options !== "help");
  const [workload] = planWorkloads(options.plan, options.stateMb, options.cap);
  const calibration = await runCalibration({ urls: session.urls, cap: 2, cpu: true }, session);
  assert.ok(calibration.loopbackBytesPerS > 0 && calibration.sha256S! > 0 && calibration.merkleS! > 0);
  assert.equal(calibration.stateBytes, (await session.devnet.control.expected()).stateSize);
  assert.ok(calibration.fetchedBytes >= 20 * NODES * calibration.stateBytes && calibration.serveCpuSPerGiB! > 0, "the devnet's serving CPU per GiB measured");
  const withServing = necessaryWork(NODES, calibration, 2)!;
  const withoutServing = necessaryWork(NODES, { ...calibration, serveCpuSPerGiB: 0 }, 2)!;
  assert.ok(withServing.cpuS > withoutServing.cpuS, "serving counts in the limit's CPU part");

  const configs: ConfigResult[] = [];
  for (const config of CONFIGS) {
    // A generous timeout: thread-per-upstream starts a fresh thread per poll, slow on a busy machine.
    const spec: RunSpec = { config, urls: session.urls, healthy: healthyMask(workload!), workers: 2, cap: 2, timeoutMs: 8000, intervalMs: 30_000,
      maxStateBytes: 1 << 24, warmupRounds: 1, steadyWarmupMs: 50, learn: false, steadyRounds: 1, changeRounds: 1, naiveReclaim: false };
    const run = await runConfiguration(spec, session);
    assert.deepEqual(run.rounds.map((r) => r.phase), ["warmup", "steady", "change"], config);
    for (const r of run.rounds) {
      assert.equal(r.healthyOk, NODES, `${config} ${r.phase}: every healthy node polled`);
      assert.ok(r.cpuS > 0 && r.wallMs > 0 && r.eldMaxMs >= 0 && r.devnetCpuS! >= 0, `${config} ${r.phase}: figures measured`);
    }
    assert.ok(run.peakRssMb > 0);
    assert.equal(run.gc, "single-threaded", `${config}: the runner has the daemon's GC flag`);
    assert.equal(run.lanes !== null, config === "pool" || config === "quorumpoint", `${config}: lanes reported by the lane-scheduled pools only`);
    configs.push({ config, threads: 0, run, summary: summarizeRun(run), error: null });
  }
  const steadyBytes = (c: string) => configs.find((x) => x.config === c)!.summary!.steady!.bytesMed;
  // naive downloads every state every round; the pools' probe sees the finalized block unchanged.
  assert.ok(steadyBytes("naive") >= NODES * calibration.stateBytes, `naive steady bytes ${steadyBytes("naive")}`);
  assert.ok(steadyBytes("quorumpoint") * 20 < steadyBytes("naive"), `quorumpoint steady bytes ${steadyBytes("quorumpoint")}`);
  assert.ok(steadyBytes("pool") * 20 < steadyBytes("naive"));

  const results: BenchResults = {
    version: 1, date: new Date().toISOString(), commit: "test", machine: describeMachine(), command: "test", options, sweep: [], durationS: 1,
    workloads: [{ workload: workload!, calibration, limit: necessaryWork(NODES, calibration, 2), configs }],
  };
  const md = renderMarkdown(results);
  assert.match(md, /every configuration, naive too, ran on node --single-threaded-gc/);
  const text = renderTerminal(results);
  for (const title of ["naive", "thread-per-upstream", "fixed pool", "quorumpoint (as it ships)"]) {
    assert.ok(md.includes(title) && text.includes(title), `${title} in both reports`);
  }
  assert.match(renderChart(results), /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<rect [\s\S]*<\/svg>$/);
});

test("--v8-default-gc: the runners start on V8's default garbage collector", async (t) => {
  const session = await DevnetSession.start(2, 0.1, true);
  t.after(() => session.close());
  const spec: RunSpec = { config: "naive", urls: session.urls, healthy: [true, true], workers: 1, cap: 2, timeoutMs: 8000, intervalMs: 30_000,
    maxStateBytes: 1 << 24, warmupRounds: 0, steadyWarmupMs: 0, learn: false, steadyRounds: 0, changeRounds: 1, naiveReclaim: false };
  const run = await runConfiguration(spec, session);
  assert.equal(run.gc, "helper-threads");
  assert.equal(run.rounds[0]?.healthyOk, 2);
});

test("--steady-gap-ms: the runner idles before each measured steady round, outside its measured time", async (t) => {
  const session = await DevnetSession.start(2, 0.1);
  t.after(() => session.close());
  const gapMs = 1000;
  const spec: RunSpec = { config: "naive", urls: session.urls, healthy: [true, true], workers: 1, cap: 2, timeoutMs: 8000, intervalMs: 30_000,
    maxStateBytes: 1 << 24, warmupRounds: 1, steadyWarmupMs: 0, steadyGapMs: gapMs, learn: false, steadyRounds: 1, changeRounds: 1, naiveReclaim: false };
  const sinceGo = new Map<string, number>();
  let goAt = 0;
  const run = await runConfiguration(spec, session, {
    onBefore: () => (goAt = performance.now()),
    onRound: (f) => sinceGo.set(f.phase, performance.now() - goAt),
  });
  const steady = run.rounds.find((r) => r.phase === "steady")!;
  const change = run.rounds.find((r) => r.phase === "change")!;
  assert.equal(steady.healthyOk, 2);
  // A turn (from "go" to its figures) holds the round and whatever the runner does around
  // it; compared with the round's own wall time, so no check depends on this machine's speed.
  const outside = (phase: string, wallMs: number) => sinceGo.get(phase)! - wallMs;
  assert.ok(sinceGo.get("steady")! >= gapMs, `the steady turn lasted ${sinceGo.get("steady")} ms`);
  assert.ok(outside("steady", steady.wallMs) >= gapMs - 5, `the gap is not in the round's wall time (${steady.wallMs} ms of a ${sinceGo.get("steady")} ms turn)`);
  assert.ok(outside("change", change.wallMs) < gapMs, `change rounds have no gap (${outside("change", change.wallMs)} ms of the turn outside the round)`);
  assert.ok(run.rounds.every((r) => Number.isInteger(r.minorFaults) && r.minorFaults! >= 0), "page faults counted per round");
});

test("bench flags: defaults, --quick, and one clear error per bad flag", () => {
  const full = parseOptions([]);
  assert.ok(full !== "help");
  assert.deepEqual(full.plan, [
    [8, "healthy", "spread"], [64, "healthy", "spread"], [64, "blackhole", "spread"], [64, "trickle", "spread"],
    [256, "healthy", "spread"], [256, "blackhole", "spread"], [256, "blackhole", "first"],
  ]);
  assert.equal(full.stateMb, 16);
  const quick = parseOptions(["--quick"]);
  assert.ok(quick !== "help" && quick.quick && quick.stateMb === 2 && quick.outDir === "bench/results/quick");
  assert.deepEqual([full.steadyRounds, full.steadyWarmupMs, quick.steadyWarmupMs, full.steadyGapMs], [5, 3000, 0, 0]);
  assert.equal((parseOptions(["--steady-gap-ms", "4000"]) as { steadyGapMs: number }).steadyGapMs, 4000);
  assert.throws(() => parseOptions(["--steady-gap-ms", "later"]), (e: unknown) => e instanceof UsageError && /steady-gap-ms/.test(e.message));
  assert.deepEqual([full.changeRounds, full.sweepRounds, quick.sweepRounds], [3, 9, 2]);
  assert.equal(full.v8DefaultGc, false);
  assert.equal((parseOptions(["--v8-default-gc"]) as { v8DefaultGc: boolean }).v8DefaultGc, true);
  assert.equal(full.naiveReclaim, false);
  assert.equal((parseOptions(["--naive-reclaim"]) as { naiveReclaim: boolean }).naiveReclaim, true);
  assert.throws(() => parseOptions(["--steady-warmup-ms", "soon"]), (e: unknown) => e instanceof UsageError && /steady-warmup-ms/.test(e.message));
  assert.throws(() => parseOptions(["--configs", "naive,fast"]), (e: unknown) => e instanceof UsageError && /--configs naive,fast: unknown "fast"/.test(e.message));
  assert.throws(() => parseOptions(["--nodes", "0"]), UsageError);
  assert.throws(() => parseOptions(["--bogus"]));
  assert.equal(parseOptions(["--help"]), "help");
  const again = parseOptions(["--report-from", "bench/results/latest.json"]);
  assert.ok(again !== "help" && again.reportFrom === "bench/results/latest.json");
});

test("faults are spread over the upstream list, and fault mixes run only where nodes exceed the cap", () => {
  assert.deepEqual(spreadFaults(64, 0.25), Array.from({ length: 16 }, (_, k) => 4 * k + 3));
  assert.deepEqual(spreadFaults(8, 0.1), [7]);
  assert.deepEqual(spreadFaults(8, 0), []);
  assert.deepEqual(spreadFaults(8, 0.25, "first"), [0, 1]);
  const cross = parseOptions(["--nodes", "8,64", "--workloads", "healthy,blackhole"]);
  assert.ok(cross !== "help");
  const plan = planWorkloads(cross.plan, 16, 16).map((w) => w.key);
  assert.deepEqual(plan, ["8x16MB healthy", "64x16MB healthy", "64x16MB blackhole"]);
  // --faults-at alone asks for the cross plan, with the dead peers first in every fault mix.
  const first = parseOptions(["--faults-at", "first", "--workloads", "blackhole", "--nodes", "64"]);
  assert.ok(first !== "help");
  const [w] = planWorkloads(first.plan, 16, 16);
  assert.deepEqual([w?.key, w?.at, w?.faulty], ["64x16MB blackhole first", "first", Array.from({ length: 16 }, (_, k) => k)]);
  const byPlacement = parseOptions(["--faults-at", "first"]);
  assert.ok(byPlacement !== "help" && byPlacement.plan.length === 9 && byPlacement.plan.every(([, , at]) => at === "first"));
});
