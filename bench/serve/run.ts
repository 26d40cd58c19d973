/**
 * `npm run bench -- --serve`: a devnet, the real CLI as replicas, nginx in front (the
 * deploy template) and nginx serving the same state from disk; each target loaded in turn
 * at each connection count (report.ts "Method" says what is measured and how).
 */
import { startDevnet } from "../../src/devnet/index.js";
import { freePorts } from "../../test/support/free-ports.js";
import { startNginx, startStaticNginx, type RunningNginx } from "../../test/support/nginx.js";
import { spawnDaemon, waitForJson, type SpawnedDaemon } from "../../test/support/spawn-daemon.js";
import { describeCommit, describeMachine } from "../machine.js";
import { loadFor } from "./load.js";
import { roundsWithin, sampleReplica, type RoundTiming } from "./replica-figures.js";
import { TARGETS, type ReplicaFigures, type ServeCaseResult, type ServeResults, type ServeTarget } from "./results.js";

export interface ServeOptions {
  stateMb: number;
  caseSeconds: number;
  connections: readonly number[];
  /** Each case is measured this many times, the targets taking turns; the median is reported. */
  repetitions: number;
  repoRoot: string;
}

/** Enough upstreams for a quorum; how many does not change what a replica serves. */
const UPSTREAMS = 4;
/** Faster than the daemon's default (4 s), so that each case holds several rounds to time. */
const POLL_INTERVAL_MS = 1000;
/** The deploy test's pin length: longer than any client's block-to-state gap. */
const PIN_S = 10;
const STATE_PATH = "/lean/v0/states/finalized";
/** As the replicas run behind a proxy (docs/deploy.md): nginx pins pairs, and every connection comes from it. */
const REPLICA_FLAGS = ["--pair-window-ms", "0", "--max-connections-per-address", "0", "--poll-interval-ms", String(POLL_INTERVAL_MS)];
/** nginx's per-client limits, raised: here one loopback client is every client. */
const NO_CLIENT_LIMITS = { rate: 1_000_000, burst: 1_000_000, connPerAddress: 4096 };

/** The replicas' figures over a case, from the samples bracketing it. */
function combine(before: Awaited<ReturnType<typeof sampleReplica>>[], after: Awaited<ReturnType<typeof sampleReplica>>[], rounds: RoundTiming[]): ReplicaFigures {
  return {
    eventLoopP99Ms: Math.max(...after.map((s) => s.eventLoopP99Ms)),
    eventLoopMaxMs: Math.max(...after.map((s) => s.eventLoopMaxMs)),
    rssMaxBytes: Math.max(...after.map((s) => s.rssBytes)),
    cpuS: after.reduce((sum, s, i) => sum + s.cpuS - before[i]!.cpuS, 0),
    rounds: {
      rounds: rounds.reduce((n, r) => n + r.rounds, 0),
      wallMedMs: Math.max(...rounds.map((r) => r.wallMedMs)),
      wallMaxMs: Math.max(...rounds.map((r) => r.wallMaxMs)),
      overruns: rounds.reduce((n, r) => n + r.overruns, 0),
    },
  };
}

/** The repetition with the median bytes/s, with every repetition's bytes/s beside it. */
function medianRun(runs: ServeCaseResult[]): ServeCaseResult {
  const sorted = [...runs].sort((a, b) => a.load.bytesPerS - b.load.bytesPerS);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, bytesPerSRuns: runs.map((r) => r.load.bytesPerS) };
}

async function measureCase(target: ServeTarget, base: string, replicaUrls: readonly string[], connections: number, seconds: number): Promise<ServeCaseResult> {
  // One answer first: nginx's cache filled, the page cache and the connections warm.
  const warm = await fetch(base + STATE_PATH);
  if (warm.status !== 200) throw new Error(`${target}: GET ${STATE_PATH} answered ${warm.status}`);
  await warm.arrayBuffer();
  const before = await Promise.all(replicaUrls.map(sampleReplica));
  const fromMs = Date.now();
  const load = await loadFor(base + STATE_PATH, connections, seconds);
  const toMs = Date.now();
  const after = await Promise.all(replicaUrls.map(sampleReplica));
  const rounds = await Promise.all(replicaUrls.map((u) => roundsWithin(u, fromMs, toMs)));
  return { target, load, replicas: replicaUrls.length ? combine(before, after, rounds) : null, bytesPerSRuns: [load.bytesPerS] };
}

export async function runServeBench(o: ServeOptions, command: string, log: (line: string) => void): Promise<ServeResults> {
  const machine = describeMachine();
  const closers: Array<() => Promise<unknown>> = [];
  const cases: ServeCaseResult[] = [];
  try {
    const dn = await startDevnet({ nodes: UPSTREAMS, stateMb: o.stateMb, clock: "paused", portBase: 0, keepAliveMs: 120_000 });
    closers.push(() => dn.close());
    await dn.control.advanceFinality();
    const [p0, p1, p2, nginx1Port, nginx3Port, staticPort] = await freePorts(6);
    const ups = dn.urls.flatMap((u) => ["--upstream", u]);
    const startReplica = async (port: number): Promise<SpawnedDaemon> => {
      const d = await spawnDaemon([...ups, ...REPLICA_FLAGS, "--port", String(port)]);
      closers.push(() => d.stop());
      await waitForJson<{ state: string }>(`${d.url}/status`, (s) => s.state === "fresh", 60_000);
      return d;
    };
    const [first, ...more] = await Promise.all([p0!, p1!, p2!].map(startReplica));
    const state = new Uint8Array(await (await fetch(first!.url + STATE_PATH)).arrayBuffer());
    const started = (n: RunningNginx): RunningNginx => {
      closers.push(() => n.stop());
      return n;
    };
    const disk = started(await startStaticNginx(staticPort!, new Map([[STATE_PATH, state]])));
    const nginx1 = started(await startNginx({ port: nginx1Port!, replicaPorts: [p0!], pinSeconds: PIN_S, ...NO_CLIENT_LIMITS }));
    const nginx3 = started(await startNginx({ port: nginx3Port!, replicaPorts: [p0!, p1!, p2!], pinSeconds: PIN_S, ...NO_CLIENT_LIMITS }));
    const every = [first!.url, ...more.map((d) => d.url)];
    const targets: Record<ServeTarget, { base: string; replicas: string[] }> = {
      static: { base: disk.url, replicas: [] },
      replica: { base: first!.url, replicas: [first!.url] },
      "nginx-1": { base: nginx1.url, replicas: [first!.url] },
      "nginx-3": { base: nginx3.url, replicas: every },
    };
    // Every target in turn, repeatedly, so that the other loads on shared cores fall on all
    // of them alike; each case reports its median repetition.
    const runs: ServeCaseResult[] = [];
    for (let rep = 0; rep < o.repetitions; rep++) {
      for (const c of o.connections) {
        for (const target of TARGETS) {
          const r = await measureCase(target, targets[target].base, targets[target].replicas, c, o.caseSeconds);
          log(`serve: ${rep + 1}/${o.repetitions} ${target} x${c}: ${r.load.requestsPerS.toFixed(1)} req/s, ${(r.load.bytesPerS / 2 ** 20).toFixed(0)} MiB/s, ${r.load.failed} failed`);
          runs.push(r);
        }
      }
    }
    for (const c of o.connections) for (const target of TARGETS) cases.push(medianRun(runs.filter((r) => r.target === target && r.load.connections === c)));
    return {
      date: new Date().toISOString(), commit: describeCommit(o.repoRoot), machine: { ...machine, loadEnd: describeMachine().loadEnd },
      command, stateBytes: state.byteLength, upstreams: UPSTREAMS, pollIntervalMs: POLL_INTERVAL_MS, caseSeconds: o.caseSeconds, repetitions: o.repetitions, cases,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
  }
}
