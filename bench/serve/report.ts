/** The serving benchmark's table (terminal and Markdown) and its report file. */
import { mdTable, num, textTable } from "../report/fmt.js";
import { ratioToStatic, TARGET_TITLES, type ServeResults } from "./results.js";

/** The event-loop goal of the daemon's main thread (p99, as Node reports it), the same as the round bench's. */
export const EVENT_LOOP_P99_GOAL_MS = 20;

const HEADER = ["target", "conns", "req/s", "MiB/s", "vs (c)", "latency p50/p99 ms", "failed", "replica loop p99/max ms", "rounds (med/max ms)", "replica CPU", "replica RSS MB"];

/** The median's MiB/s, with the spread of the repetitions when there were several. */
function mibPerS(median: number, runs: readonly number[]): string {
  const m = (b: number) => num(b / 2 ** 20, 0);
  return runs.length > 1 ? `${m(median)} (${m(Math.min(...runs))}-${m(Math.max(...runs))})` : m(median);
}

function rows(r: ServeResults): string[][] {
  return r.cases.map((c) => {
    const l = c.load;
    const p = c.replicas;
    return [
      TARGET_TITLES[c.target], String(l.connections), num(l.requestsPerS, 1), mibPerS(c.load.bytesPerS, c.bytesPerSRuns),
      `${num(ratioToStatic(r, c), 2)}x`, `${Math.round(l.latencyP50Ms)}/${Math.round(l.latencyP99Ms)}`, String(l.failed),
      p ? `${num(p.eventLoopP99Ms, 1)}/${num(p.eventLoopMaxMs, 1)}` : "—",
      p ? `${p.rounds.rounds} (${num(p.rounds.wallMedMs, 0)}/${num(p.rounds.wallMaxMs, 0)})${p.rounds.overruns ? `, ${p.rounds.overruns} overrun` : ""}` : "—",
      p ? `${num((100 * p.cpuS) / l.durationS, 0)} %` : "—",
      p ? num(p.rssMaxBytes / 2 ** 20, 0) : "—",
    ];
  });
}

/** Whether every replica case kept the event loop within its goal. */
export function eventLoopVerdict(r: ServeResults): string {
  const worst = Math.max(...r.cases.flatMap((c) => (c.replicas ? [c.replicas.eventLoopP99Ms] : [])));
  const within = worst < EVENT_LOOP_P99_GOAL_MS;
  return `replica event loop while serving: worst p99 ${num(worst, 1)} ms, ${within ? "within" : "over"} the ${EVENT_LOOP_P99_GOAL_MS} ms goal`;
}

export function renderServeTerminal(r: ServeResults): string {
  return `${textTable(HEADER, rows(r))}\n\n${eventLoopVerdict(r)}\n`;
}

export function renderServeMarkdown(r: ServeResults): string {
  const m = r.machine;
  return [
    "# Serving benchmark: the finalized state to many clients",
    "",
    "    " + r.command,
    "",
    `${r.date}, commit ${r.commit}, ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, load ${num(m.loadStart, 2)} at start, ${num(m.loadEnd, 2)} at end.`,
    "",
    mdTable(HEADER, rows(r)),
    "",
    `${eventLoopVerdict(r)}.`,
    "",
    "## Method",
    "",
    `- \`GET /lean/v0/states/finalized\` (${num(r.stateBytes / 2 ** 20, 1)} MiB of SSZ) by autocannon on loopback, in the bench's process: ` +
      `keep-alive connections each asking again as soon as an answer ended, ${r.caseSeconds} s per case. Each case ran ${r.repetitions} time(s), ` +
      "every target in turn (so that other load on the shared cores falls on all alike): the figures are the repetition with the median " +
      "bytes/s, the range of all of them in brackets. Bodies are dropped as they arrive " +
      "(autocannon would otherwise decode each into a string, and be the limit); bytes/s counts what reached the socket.",
    `- The replica is the real CLI (its own process) polling a devnet of ${r.upstreams} upstreams every ${r.pollIntervalMs} ms (finality still: its rounds ` +
      "are the steady ones, a probe per upstream), run as behind a proxy (`--pair-window-ms 0`, no per-address connection limit). " +
      "Three replicas run throughout; (a) and (b) with 1 replica use the first.",
    "- (b) is `deploy/nginx/quorumpoint.conf.template` (per-client pins, bodies cached by checkpoint), its rate and connection limits " +
      "raised so they do not throttle one loopback client; the cache is warmed by one request first. (c) is the same nginx, one worker " +
      "process, serving the same bytes as a static file (sendfile): what this machine can push through loopback at most.",
    "- vs (c): bytes/s against (c) at the same connection count. The load generator, nginx, the replica and the devnet share the cores.",
    "- Replica figures over each case: prom-client's event-loop delay histogram (reset by a scrape just before the case; values as Node " +
      "reports them, so an idle loop reads its 10 ms resolution), the rounds from `/api/rounds` that ran inside the case (count, median " +
      "and max wall time), CPU (`process_cpu_seconds_total`) as a share of one core, and RSS. With 3 replicas: the worst loop and RSS, the CPU summed.",
    "",
  ].join("\n");
}
