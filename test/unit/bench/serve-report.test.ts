import assert from "node:assert/strict";
import { test } from "node:test";
import { parseOptions } from "../../../bench/model/options.js";
import { EVENT_LOOP_P99_GOAL_MS, ratioToStatic, renderServeMarkdown, renderServeTerminal, serveOptions, type ServeCaseResult, type ServeResults } from "../../../bench/serve/index.js";
import { metricSample } from "../../../bench/serve/replica-figures.js";

/** A case at `mibPerS` of 16 MiB states. */
const load = (connections: number, mibPerS: number) => ({ connections, durationS: 10, requestsPerS: mibPerS / 16, bytesPerS: mibPerS * 2 ** 20, latencyP50Ms: 40, latencyP99Ms: 90, failed: 0 });
const replicas = (eventLoopP99Ms: number) => ({ eventLoopP99Ms, eventLoopMaxMs: 2 * eventLoopP99Ms, rssMaxBytes: 120 * 2 ** 20, cpuS: 5, rounds: { rounds: 9, wallMedMs: 20, wallMaxMs: 40, overruns: 0 } });

function results(cases: ServeCaseResult[]): ServeResults {
  return {
    date: "2026-12-02T00:00:00.000Z", commit: "test", command: "npm run bench -- --serve", stateBytes: 2 ** 24, upstreams: 4, pollIntervalMs: 1000, caseSeconds: 10, repetitions: 1, cases,
    machine: { cpu: "cpu", cores: 2, memoryGb: 8, os: "Linux", node: "v20", loadStart: 1, loadEnd: 1 },
  };
}

test("--serve: the serving benchmark, 10 s per case, 2 s with --quick, at 16 and 64 connections", () => {
  const full = parseOptions(["--serve"]);
  const quick = parseOptions(["--serve", "--quick"]);
  assert.ok(full !== "help" && quick !== "help");
  assert.equal(full.serve, true);
  assert.equal((parseOptions([]) as { serve: boolean }).serve, false);
  assert.deepEqual([serveOptions(full).caseSeconds, serveOptions(quick).caseSeconds], [10, 2]);
  assert.deepEqual(serveOptions(full).connections, [16, 64]);
  assert.deepEqual([serveOptions(full).repetitions, serveOptions(quick).repetitions], [3, 1]);
  assert.equal(serveOptions(full).stateMb, 16);
});

test("each case's bytes/s against the static file's at the same connection count", () => {
  const r = results([
    { target: "static", load: load(16, 1000), replicas: null, bytesPerSRuns: [] },
    { target: "static", load: load(64, 800), replicas: null, bytesPerSRuns: [] },
    { target: "replica", load: load(16, 500), replicas: replicas(12), bytesPerSRuns: [] },
    { target: "nginx-1", load: load(64, 400), replicas: replicas(11), bytesPerSRuns: [] },
  ]);
  assert.deepEqual(r.cases.map((c) => ratioToStatic(r, c)), [1, 1, 0.5, 0.5]);
  assert.ok(Number.isNaN(ratioToStatic(results([]), r.cases[2]!)), "no static case: no ratio");
  const md = renderServeMarkdown(r);
  assert.match(md, /^    npm run bench -- --serve$/m, "the command behind the figures");
  assert.match(md, /\| \(a\) one replica, straight \| 16 \| 31\.3 \| 500 \| 0\.50x \|/);
  assert.match(md, new RegExp(`worst p99 12\\.0 ms, within the ${EVENT_LOOP_P99_GOAL_MS} ms goal`));
  const spread = results([{ target: "static", load: load(16, 1000), replicas: null, bytesPerSRuns: [900, 1000, 1200].map((m) => m * 2 ** 20) }]);
  assert.match(renderServeMarkdown(spread), /\| 16 \| 62\.5 \| 1000 \(900-1200\) \| 1\.00x \|/, "the repetitions' range beside the median");
  const over = renderServeTerminal(results([{ target: "replica", load: load(16, 500), replicas: replicas(EVENT_LOOP_P99_GOAL_MS + 1), bytesPerSRuns: [] }]));
  assert.match(over, /over the 20 ms goal/);
});

test("a Prometheus sample by name, NaN when absent", () => {
  const text = "# HELP x\nnodejs_eventloop_lag_p99_seconds 0.0123\nnodejs_eventloop_lag_p99_seconds_other 9\n";
  assert.equal(metricSample(text, "nodejs_eventloop_lag_p99_seconds"), 0.0123);
  assert.ok(Number.isNaN(metricSample(text, "process_cpu_seconds_total")));
});
