/** Build the engine of one configuration. */
import type { ConfigName } from "../protocol.js";
import { NaiveEngine } from "./naive.js";
import { PoolEngine } from "./pool.js";
import { ThreadPerUpstreamEngine } from "./thread-per-upstream.js";
import type { Engine, EngineOptions } from "./types.js";

export type { Engine, EngineOptions, EngineRound } from "./types.js";

export function createEngine(config: ConfigName, o: EngineOptions): Engine {
  switch (config) {
    case "naive":
      return new NaiveEngine(o);
    case "thread":
      return new ThreadPerUpstreamEngine(o);
    case "pool":
      return new PoolEngine(o, false);
    case "quorumpoint":
      return new PoolEngine(o, true);
  }
}

/** Threads that poll in this configuration (the runner's main thread not counted). */
export function threadsOf(config: ConfigName, o: Pick<EngineOptions, "workers" | "cap">): number {
  if (config === "naive") return 0;
  if (config === "thread") return o.cap;
  return o.workers;
}
