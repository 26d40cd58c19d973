/** report.md: what a person reads in a browser or on GitHub, next to chart.svg. */
import { DEFAULT_BALANCE_WINDOW } from "../../src/balance/index.js";
import { warmupRounds, type BenchOptions } from "../model/options.js";
import { CONFIG_TITLES, ELD_RESOLUTION_MS } from "../model/protocol.js";
import type { BenchResults } from "../model/results.js";
import { workloadTitle } from "../model/workloads.js";
import { mdTable } from "./fmt.js";
import { HEADER, limitLine, workloadRows } from "./rows.js";
import { SWEEP_HEADER, sweepRows, sweepVerdict } from "./sweep.js";
import { checkTargets } from "./targets.js";

const MARK = { true: "met", false: "**not met**", null: "n/a" } as const;

/** What this machine can do, from the run's own calibration. */
function calibrationSection(r: BenchResults): string[] {
  const first = r.workloads[0]?.calibration;
  if (!first || first.sha256S === null || first.merkleS === null) return [];
  const perN = [...new Map(r.workloads.map((w) => [w.workload.nodes, w.calibration.loopbackBytesPerS])).entries()]
    .map(([n, bw]) => `${(bw / 2 ** 30).toFixed(2)} GiB/s from ${n} nodes`).join(", ");
  const rx = first.receiveCpuSPerGiB;
  const mib = first.stateBytes / 2 ** 20;
  return [
    "## What this machine can do (measured in this run)",
    "",
    `- Loopback transfer, ${r.options.cap} GETs at a time on one thread, bodies dropped (best of several runs): ${perN}.`,
    `- One ${mib.toFixed(0)} MiB state (best of a few runs): SHA-256 ${(first.sha256S * 1000).toFixed(1)} ms; verifyState (layout checks + hash_tree_root) ${(first.merkleS * 1000).toFixed(0)} ms (one thread).`,
    ...(rx ? [`- Receive path CPU per GiB on one thread through the pollers' boundedGet: ${rx.bare.toFixed(2)} s bare, ` +
      `${rx.collect.toFixed(2)} s collecting each body into one buffer, ${rx.digest.toFixed(2)} s also SHA-256'ing it.`] : []),
    ...(first.serveCpuSPerGiB != null ? [`- Serving CPU per GiB, the devnet's (same cores, every round of every configuration): ${first.serveCpuSPerGiB.toFixed(2)} s.`] : []),
    "",
  ];
}

export function renderMarkdown(r: BenchResults): string {
  const o = r.options;
  const m = r.machine;
  const out: string[] = [
    `# quorumpoint benchmark${o.quick ? " (quick)" : ""}`,
    "",
    `${r.date.slice(0, 16).replace("T", " ")} UTC on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GiB, ${m.os}, Node ${m.node}. ` +
      `Took ${Math.round(r.durationS / 60)} min; 1-minute load average ${m.loadStart.toFixed(1)} at the start, ${m.loadEnd.toFixed(1)} at the end.`,
    "",
    `Command: \`${r.command}\` at commit ${r.commit}.`,
    "",
    `Settings: ${o.stateMb} MB states; cap ${o.cap} polls in flight for every configuration; ${o.workers} pool workers; ` +
      `per-poll timeout ${o.timeoutMs} ms; round deadline min(${o.intervalMs} ms, ceil(N / cap) x timeout); ` +
      `${o.warmupRounds} warm-up round (not counted; before steady rounds one more, unchanged, repeated for ${o.steadyWarmupMs ?? 0} ms, so that path is as JIT-warm as in a running daemon), ` +
      (o.steadyGapMs ? `each steady round after ${o.steadyGapMs} ms idle (its turn held), ` : "") +
      `${o.steadyRounds} steady and ${o.changeRounds} change rounds measured per configuration and workload; ${gcSetting(r)}` +
      (o.naiveReclaim ? "; naive ran the poll workers' chunk reclaim too (--naive-reclaim)" : "") +
      (r.sweep.length ? `; ${o.sweepRounds ?? o.changeRounds} change rounds per worker count in the sweep.` : "."),
    "",
    "![round time and event-loop p99 per configuration](chart.svg)",
    "",
    "## Targets",
    "",
    mdTable(["target", "result", "measured"], checkTargets(r).map((t) => [t.target, MARK[String(t.pass) as "true" | "false" | "null"], t.measured])),
    "",
    ...calibrationSection(r),
    "## Results by workload",
    "",
    "Change rounds: finality advanced on every node just before the round. Steady rounds: nothing changed since the last round. " +
      "Times are medians over rounds (p95 beside); \"x naive\" is naive's median over this configuration's, from the same run; " +
      "\"vs limit\" is the change-round median over the necessary work. \"healthy done\": when the last healthy poll ended. " +
      "Event-loop figures are from change rounds: median p50, median p99, largest delay seen.",
    "",
  ];
  for (const w of r.workloads) {
    out.push(`### ${w.workload.nodes} upstreams, ${workloadTitle(w.workload)}`, "", limitLine(w) + ".", "");
    out.push(mdTable(HEADER, workloadRows(w)), "");
    for (const c of w.configs) {
      const lanes = c.run?.lanes;
      const learn = c.summary?.learnHealthy ?? [];
      if (!lanes || (learn.length === 0 && c.config !== "quorumpoint")) continue;
      const total = w.workload.nodes - w.workload.faulty.length;
      out.push(`${CONFIG_TITLES[c.config]}: ` +
        (learn.length ? `healthy polled in its ${learn.length} learning rounds (the balancer's first window, not counted above): ${learn.join(", ")} of ${total}; ` : "") +
        `lanes at the end: ${lanes.lanes} (members ${lanes.sizes.join(" + ")}), ${lanes.splits} split${lanes.splits === 1 ? "" : "s"}, ${lanes.collapses} collapse${lanes.collapses === 1 ? "" : "s"}.`, "");
    }
  }
  if (r.sweep.length) {
    const v = sweepVerdict(r.sweep);
    out.push(`## Worker-count sweep (quorumpoint, ${r.sweep[0]!.nodes} healthy upstreams, change rounds)`, "", mdTable(SWEEP_HEADER, sweepRows(r.sweep)), "");
    if (v) out.push(`${v.text}.`, "");
  }
  out.push(
    "## Method",
    "",
    `- Configurations: ${Object.values(CONFIG_TITLES).join("; ")}. All four run the same poll (\`pollUpstream\`: finalized block, ` +
      "state streamed and SHA-256'd, justified checkpoint, block-matches-state check) with the same digest cache (one merkleization " +
      "per distinct state), the same cap and the same round deadline. Naive runs it on the main thread under a FIFO semaphore; " +
      "thread-per-upstream starts a new worker_threads Worker per upstream per round and tears it down after; the fixed pool and " +
      "quorumpoint are the daemon's PollPool + Dispatcher. The unchanged-state probe (reuse the last result when the finalized block's " +
      "digest has not changed) is part of quorumpoint's poll path, so configurations 3 and 4 have it and naive and thread-per-upstream do not: " +
      "they download every state every round, which is what the steady-round ratios measure.",
    "- Configurations 3 and 4 differ only in their scheduler, both from the daemon's own factory (`lanesForPool`, " +
      "bench/engines/shipped.ts): 3 with --no-balance (one lane, start order rotated each round), 4 with the daemon's default " +
      "balancer. On a fault mix quorumpoint first runs its balancer's window as learning rounds (not counted; what they polled is " +
      "shown under the table): a daemon has run them long before. Fault mixes have no steady rounds." +
      (healthyRounds(o) < DEFAULT_BALANCE_WINDOW
        ? ` On a healthy mix the run (${healthyRounds(o)} rounds) ends before the balancer's ` +
          `${DEFAULT_BALANCE_WINDOW}-round window fills, so it decides nothing: there 3 and 4 run the same code, and their ` +
          "difference is this machine's run-to-run noise."
        : ""),
    "- Each configuration x workload runs in its own forked process (CPU seconds, peak RSS and event-loop delay are its own). " +
      "A workload's processes (and the sweep's) are alive together and take turns, one round at a time in an order rotated " +
      "every round, so the machine's drift over minutes falls on every configuration alike instead of on whichever ran last. " +
      "The devnet runs in the bench's parent process, in a worker thread; its serving CPU is not charged to the configurations, " +
      "but it shares the same cores (its median CPU per change round is in latest.json as devnetCpuS).",
    `- Event-loop delay: a fresh perf_hooks.monitorEventLoopDelay histogram (resolution ${ELD_RESOLUTION_MS} ms) per round; ` +
      `values are as Node reports them, so an idle loop reads about ${ELD_RESOLUTION_MS} ms.`,
    "- Faulty nodes are spread evenly over the upstream list, or, where a workload says \"first in the list\", are its first " +
      "nodes: the worst case for a FIFO queue, every slot taken by a dead peer before a healthy one starts. Blackholed nodes accept and never answer; trickling ones send " +
      "1 KiB every 10 ms. Bytes are the response bodies the pollers counted, HTTP headers (a few hundred bytes a " +
      "request) not included; a poll abandoned at the deadline reports none.",
    "- Necessary work of a change round: max(healthy states x size / loopback bandwidth, (bare receive CPU of those bytes + " +
      "healthy states x SHA-256 + one merkleization) / cores), all measured in this run on this devnet (bandwidth: every node's " +
      "state fetched with the same cap on one thread, bodies dropped). Copying bodies into buffers is not counted as necessary.",
    "- The most any pool can gain over naive here (the speed target's last figure): naive's change-round median over (naive's " +
      "CPU per change round, every thread of its process, + the devnet's serving CPU in those rounds) / cores. That is a pool " +
      "doing exactly naive's work with perfect use of every core; threads share work out, they do not make it smaller.",
    "",
  );
  return out.join("\n");
}

/** The garbage collector every runner reported (results from before it was recorded ran V8's default). */
function gcSetting(r: BenchResults): string {
  const runs = [...r.workloads.flatMap((w) => w.configs), ...r.sweep.map((p) => p.result)].flatMap((c) => (c.run ? [c.run] : []));
  const modes = new Set(runs.map((run) => run.gc ?? "helper-threads"));
  if (modes.size !== 1) return "runners on mixed garbage collectors (" + [...modes].join(", ") + ")";
  if (!modes.has("single-threaded")) {
    return "every configuration ran on V8's default garbage collector, with its helper threads (--v8-default-gc, or a run from before the daemon took --single-threaded-gc)";
  }
  // Runs from before the runners recorded it had V8's own young-generation sizing.
  const semi = new Set(runs.map((run) => run.semiSpaceMb ?? null));
  return semi.size === 1 && semi.has(1)
    ? "every configuration, naive too, ran on node --single-threaded-gc --max-semi-space-size=1, as the daemon does"
    : "every configuration, naive too, ran on node --single-threaded-gc, with V8's own young-generation sizing";
}

/** Rounds a configuration runs on a healthy mix: the warm-up, steady, change. */
function healthyRounds(o: BenchOptions): number {
  return warmupRounds(o, o.steadyRounds) + o.steadyRounds + o.changeRounds;
}
