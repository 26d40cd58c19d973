/**
 * What a replica says about itself while it serves: its event-loop delay, RSS and CPU
 * from /metrics (prom-client's defaults; the event-loop histogram resets at each scrape,
 * so a scrape before a case and one after it bracket the case), and its rounds from
 * /api/rounds.
 */
import type { RoundSummary } from "../../src/round/round-history.js";

export interface ReplicaSample {
  /** prom-client's event-loop delay since the previous scrape, as Node reports it (an idle loop reads its 10 ms resolution). */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  rssBytes: number;
  cpuS: number;
}

export interface RoundTiming {
  rounds: number;
  wallMedMs: number;
  wallMaxMs: number;
  overruns: number;
}

/** One Prometheus sample by name (no labels); NaN when absent. */
export function metricSample(text: string, name: string): number {
  const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, "m").exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

export async function sampleReplica(url: string): Promise<ReplicaSample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return {
    eventLoopP99Ms: metricSample(text, "nodejs_eventloop_lag_p99_seconds") * 1000,
    eventLoopMaxMs: metricSample(text, "nodejs_eventloop_lag_max_seconds") * 1000,
    rssBytes: metricSample(text, "process_resident_memory_bytes"),
    cpuS: metricSample(text, "process_cpu_seconds_total"),
  };
}

/** The rounds that started and ended inside [fromMs, toMs]. */
export async function roundsWithin(url: string, fromMs: number, toMs: number): Promise<RoundTiming> {
  const { rounds } = (await (await fetch(`${url}/api/rounds`)).json()) as { rounds: RoundSummary[] };
  const inside = rounds.filter((r) => r.startedMs >= fromMs && r.startedMs + r.wallMs <= toMs);
  const walls = inside.map((r) => r.wallMs).sort((a, b) => a - b);
  return {
    rounds: inside.length,
    wallMedMs: walls.length ? walls[Math.floor(walls.length / 2)]! : Number.NaN,
    wallMaxMs: walls.length ? walls.at(-1)! : Number.NaN,
    overruns: inside.filter((r) => r.overrun).length,
  };
}
