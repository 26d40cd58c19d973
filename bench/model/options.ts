/**
 * `npm run bench -- [flags]`: the flags, their defaults and the --quick preset.
 * A bad flag stops the bench with one line naming it (exit 2).
 */
import { parseArgs } from "node:util";
import { MAX_WORKERS, defaultWorkers } from "../../src/config/index.js";
import { RECLAIM_EVERY_BYTES } from "../../src/memory/reclaim.js";
import { CONFIGS, type ConfigName } from "./protocol.js";
import { crossPlan, DEFAULT_PLAN, FAULT_PLACEMENTS, MIXES, type FaultPlacement, type PlanEntry } from "./workloads.js";

export interface BenchOptions {
  quick: boolean;
  /** Measure serving instead (bench/serve/): the replica, nginx in front, nginx from disk. */
  serve: boolean;
  configs: ConfigName[];
  /** Upstream count x fault mix x where the faulty nodes sit, in run order (workloads.ts). */
  plan: PlanEntry[];
  stateMb: number;
  workers: number;
  cap: number;
  timeoutMs: number;
  intervalMs: number;
  warmupRounds: number;
  /** Unmeasured unchanged rounds before the steady ones, for this long (ms). */
  steadyWarmupMs: number;
  /** Idle this long before each measured steady round, as a daemon idles between polls (ms). */
  steadyGapMs: number;
  steadyRounds: number;
  changeRounds: number;
  sweepWorkers: number[];
  /** Measured change rounds per swept worker count. */
  sweepRounds: number;
  /** Run every runner on V8's defaults instead of the daemon's V8 flags (memory/v8-gc.ts). */
  v8DefaultGc: boolean;
  /** Give naive the poll workers' chunk reclaim (src/memory/reclaim.ts): what is the pool's RSS edge without it? */
  naiveReclaim?: boolean;
  /** Where latest.json, report.md and chart.svg go. */
  outDir: string;
  /** An extra copy of the JSON results. */
  json: string | null;
  /** Measure nothing: render the reports again from this results file (latest.json). */
  reportFrom: string | null;
}

export const USAGE = `usage: npm run bench -- [flags]
  --serve                  the serving benchmark instead (bench/serve/): clients downloading the state from a
                           replica, through nginx's cache, and from disk; --quick: 2 s per case
  --quick                  smoke subset, ~1 min, for CI: 8 and 16 nodes at 2 MB, healthy and blackhole,
                           cap 8, timeout 2000, 1 steady and 2 change rounds, no learning rounds
  --configs LIST           of ${CONFIGS.join(",")} (default: all)
  --nodes LIST             upstream counts
  --workloads LIST         of ${MIXES.join(",")}
  --faults-at WHERE        spread (default: evenly over the list) or first (the head of the list).
                           With any of these three the plan is nodes x workloads (default nodes
                           8,64,256, all workloads); with none: healthy at 8, 64, 256, blackhole
                           at 64, 256 and at 256 first in the list, trickle at 64. Fault mixes
                           run only where nodes > cap
  --state-mb N             state size (default 16)
  --workers N              poll threads of the pool configurations (default: the daemon's, ${defaultWorkers()} here)
  --poll-concurrency N     the cap on polls in flight, the same for every configuration (default 16)
  --timeout-ms N           per-poll bound (default 5000, the daemon's)
  --interval-ms N          round interval; deadline = min(interval, ceil(nodes/cap) x timeout) (default 20000)
  --rounds N               measured change rounds per configuration and workload (default 3)
  --steady-rounds N        measured steady rounds (default 5)
  --steady-warmup-ms N     unmeasured unchanged rounds before them, for this long: a daemon's
                           steady path is JIT-warm (default 3000; --quick: 0)
  --steady-gap-ms N        idle this long before each measured steady round, its turn held so the
                           machine idles too: a daemon polls every --poll-interval-ms (default 0:
                           only the other configurations' turns between them)
  --sweep-workers LIST     also run quorumpoint at each worker count (64 nodes healthy, change rounds)
  --sweep-rounds N         measured change rounds per worker count (default 9; --quick: 2): three
                           were too few, two full runs' sweeps ranked 2 and 4 workers oppositely
  --v8-default-gc          run every configuration on V8's defaults (GC helper threads, V8's own young
                           generation) instead of the daemon's --single-threaded-gc
                           --max-semi-space-size=1, to measure what the flags buy
  --naive-reclaim          give naive the pool workers' chunk reclaim (a minor GC every ${RECLAIM_EVERY_BYTES / 2 ** 20} MiB of
                           state received), to measure how much of the pool's peak RSS it accounts for
  --out DIR                report directory (default bench/results; --quick: bench/results/quick)
  --json FILE              also write the JSON results to FILE
  --report-from FILE       measure nothing: render report.md, chart.svg and the table again from a latest.json
  --beacon                 run the beacon state-root benchmark instead (its flags: npm run bench -- --beacon --help)`;

export class UsageError extends Error {}

function intList(flag: string, raw: string, min: number, max: number): number[] {
  const out = raw.split(",").map((s) => Number(s.trim()));
  for (const n of out) if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} ${raw}: each entry must be an integer in [${min}, ${max}]`);
  return out;
}

function int(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  return intList(flag, raw, min, max)[0]!;
}

function names<T extends string>(flag: string, raw: string | undefined, known: readonly T[]): T[] {
  if (raw === undefined) return [...known];
  const out = raw.split(",").map((s) => s.trim());
  for (const s of out) if (!(known as readonly string[]).includes(s)) throw new UsageError(`--${flag} ${raw}: unknown ${JSON.stringify(s)} (known: ${known.join(", ")})`);
  return out as T[];
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: "boolean" }, serve: { type: "boolean" }, help: { type: "boolean", short: "h" },
      configs: { type: "string" }, nodes: { type: "string" }, workloads: { type: "string" },
      "state-mb": { type: "string" }, workers: { type: "string" }, "poll-concurrency": { type: "string" },
      "timeout-ms": { type: "string" }, "interval-ms": { type: "string" }, rounds: { type: "string" },
      "steady-rounds": { type: "string" }, "steady-warmup-ms": { type: "string" }, "steady-gap-ms": { type: "string" }, "sweep-workers": { type: "string" }, "sweep-rounds": { type: "string" }, "v8-default-gc": { type: "boolean" }, "naive-reclaim": { type: "boolean" }, out: { type: "string" }, json: { type: "string" },
      "report-from": { type: "string" }, "faults-at": { type: "string" },
    },
  });
  if (v.help) return "help";
  const quick = v.quick ?? false;
  const stateMb = v["state-mb"] === undefined ? (quick ? 2 : 16) : Number(v["state-mb"]);
  if (!(stateMb >= 0.01 && stateMb <= 256)) throw new UsageError(`--state-mb ${v["state-mb"]}: must be a number in [0.01, 256]`);
  // Any of these asks for the cross product of nodes x workloads instead of the default plan.
  const custom = v.nodes !== undefined || v.workloads !== undefined || v["faults-at"] !== undefined;
  const at: FaultPlacement = v["faults-at"] === undefined ? "spread" : names("faults-at", v["faults-at"], FAULT_PLACEMENTS)[0]!;
  return {
    quick,
    serve: v.serve ?? false,
    configs: names("configs", v.configs, CONFIGS),
    plan: custom ? crossPlan(v.nodes === undefined ? [8, 64, 256] : intList("nodes", v.nodes, 1, 512), names("workloads", v.workloads, MIXES), at)
      : quick ? crossPlan([8, 16], ["healthy", "blackhole"])
      : [...DEFAULT_PLAN],
    stateMb,
    workers: int("workers", v.workers, defaultWorkers(), 1, MAX_WORKERS),
    cap: int("poll-concurrency", v["poll-concurrency"], quick ? 8 : 16, 1, 256),
    timeoutMs: int("timeout-ms", v["timeout-ms"], quick ? 2000 : 5000, 100, 600_000),
    intervalMs: int("interval-ms", v["interval-ms"], 20_000, 100, 3_600_000),
    warmupRounds: 1,
    steadyWarmupMs: int("steady-warmup-ms", v["steady-warmup-ms"], quick ? 0 : 3000, 0, 600_000),
    steadyGapMs: int("steady-gap-ms", v["steady-gap-ms"], 0, 0, 600_000),
    steadyRounds: int("steady-rounds", v["steady-rounds"], quick ? 1 : 5, 0, 100),
    changeRounds: int("rounds", v.rounds, quick ? 2 : 3, 1, 100),
    sweepWorkers: v["sweep-workers"] === undefined ? [] : intList("sweep-workers", v["sweep-workers"], 1, MAX_WORKERS),
    sweepRounds: int("sweep-rounds", v["sweep-rounds"], quick ? 2 : 9, 1, 100),
    v8DefaultGc: v["v8-default-gc"] ?? false,
    naiveReclaim: v["naive-reclaim"] ?? false,
    outDir: v.out ?? (quick ? "bench/results/quick" : "bench/results"),
    json: v.json ?? null,
    reportFrom: v["report-from"] ?? null,
  };
}

/**
 * The warm-up (not counted): the first download, and before steady rounds a second,
 * unchanged round, so the steady path is as warm (JIT-compiled) as in a running daemon.
 */
export function warmupRounds(o: Pick<BenchOptions, "warmupRounds">, steadyRounds: number): number {
  return o.warmupRounds + (steadyRounds > 0 ? 1 : 0);
}
