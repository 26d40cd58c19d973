/**
 * Measuring one round inside a runner: wall time, process CPU (every thread), main-thread
 * event-loop delay, minor page faults, bytes and healthy upstreams polled.
 *
 * Event-loop delay comes from a fresh `perf_hooks.monitorEventLoopDelay` histogram per
 * round, enabled just before the round and disabled right after. Its timer samples every
 * ELD_RESOLUTION_MS, and each sample is the time between two timer turns, so an idle loop
 * reads about 10 ms: the figures are reported as the histogram gives them, not reduced.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { decideEarly, decideQuorum } from "../src/consensus/index.js";
import type { PollOutcome } from "../src/model/outcome.js";
import type { EngineRound } from "./engines/index.js";
import { ELD_RESOLUTION_MS, type Phase, type RoundFigures } from "./model/protocol.js";

const NS_PER_MS = 1e6;

export async function measureRound(phase: Phase, index: number, healthy: readonly boolean[], run: () => Promise<EngineRound>): Promise<RoundFigures> {
  const h = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  const cpu0 = process.cpuUsage();
  const faults0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  h.enable();
  const r = await run();
  h.disable();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const minorFaults = process.resourceUsage().minorPageFault - faults0;

  let bytes = 0;
  let healthyOk = 0;
  let lastHealthyEnd = -1;
  for (const o of r.outcomes) {
    bytes += o.bytes;
    if (o.ok && healthy[o.upstream]) {
      healthyOk++;
      lastHealthyEnd = Math.max(lastHealthyEnd, o.endedMs);
    }
  }
  return {
    phase, index, wallMs,
    cpuS: (cpu.user + cpu.system) / 1e6,
    bytes, healthyOk,
    healthyTotal: healthy.filter(Boolean).length,
    healthyDoneMs: lastHealthyEnd < 0 ? null : Math.max(0, lastHealthyEnd - r.startedMs),
    servedMs: servedAfterMs(r.outcomes, r.startedMs, wallMs),
    eldP50Ms: h.count > 0 ? h.percentile(50) / NS_PER_MS : 0,
    eldP99Ms: h.count > 0 ? h.percentile(99) / NS_PER_MS : 0,
    eldMaxMs: h.count > 0 ? h.max / NS_PER_MS : 0,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    minorFaults,
  };
}

/**
 * When the daemon would serve this round's checkpoint: the first result, in the order they
 * ended, after which the default quorum rule cannot change (round-pipeline.ts onPartial);
 * else the round's end, when the quorum agreed only then; null without a quorum.
 */
export function servedAfterMs(outcomes: readonly PollOutcome[], startedMs: number, wallMs: number): number | null {
  const ended = outcomes.filter((o) => o.startedMs > 0).sort((a, b) => a.endedMs - b.endedMs);
  for (let k = 1; k <= ended.length; k++) {
    if (decideEarly(ended.slice(0, k), outcomes.length - k) !== null) return Math.max(0, ended[k - 1]!.endedMs - startedMs);
  }
  return decideQuorum(outcomes).kind === "agreed" ? wallMs : null;
}
