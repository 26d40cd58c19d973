/**
 * Build the engine of one configuration. Each engine's module is loaded only when that
 * configuration runs: a runner's peak RSS is one of the figures, and it must hold the code
 * of its own configuration, not every other's (naive's main thread needs undici and the SSZ
 * library, ~35 MB of RSS; the pool configurations' main thread needs neither).
 */
import type { ConfigName } from "../model/protocol.js";
import type { Engine, EngineOptions } from "./types.js";

export type { Engine, EngineOptions, EngineRound } from "./types.js";

export async function createEngine(config: ConfigName, o: EngineOptions): Promise<Engine> {
  switch (config) {
    case "naive":
      return new (await import("./naive.js")).NaiveEngine(o);
    case "thread":
      return new (await import("./thread-per-upstream.js")).ThreadPerUpstreamEngine(o);
    case "pool":
    case "quorumpoint":
      return new (await import("./pool.js")).PoolEngine(o, config === "quorumpoint");
  }
}

/** Threads that poll in this configuration (the runner's main thread not counted). */
export function threadsOf(config: ConfigName, o: Pick<EngineOptions, "workers" | "cap">): number {
  if (config === "naive") return 0;
  if (config === "thread") return o.cap;
  return o.workers;
}
