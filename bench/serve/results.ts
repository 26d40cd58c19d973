/** The serving benchmark's results: one entry per target and connection count. */
import type { Machine } from "../model/results.js";
import type { LoadFigures } from "./load.js";
import type { RoundTiming } from "./replica-figures.js";

/**
 * What answers the clients: nginx serving the state from disk (the machine's limit), one
 * replica straight, or nginx with the deploy template's cache in front of one or 3 replicas.
 */
export const TARGETS = ["static", "replica", "nginx-1", "nginx-3"] as const;
export type ServeTarget = (typeof TARGETS)[number];

export const TARGET_TITLES: Record<ServeTarget, string> = {
  static: "(c) nginx, static file from disk",
  replica: "(a) one replica, straight",
  "nginx-1": "(b) nginx cache, 1 replica",
  "nginx-3": "(b) nginx cache, 3 replicas",
};

/** The replicas behind a case, over the case: the worst event loop and RSS of them, their CPU summed. */
export interface ReplicaFigures {
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  rssMaxBytes: number;
  cpuS: number;
  rounds: RoundTiming;
}

export interface ServeCaseResult {
  target: ServeTarget;
  load: LoadFigures;
  /** null for the static case (no replica involved). */
  replicas: ReplicaFigures | null;
  /** Bytes/s of every repetition of this case, in run order (the figures above are the median one's). */
  bytesPerSRuns: number[];
}

export interface ServeResults {
  date: string;
  commit: string;
  machine: Machine;
  command: string;
  stateBytes: number;
  upstreams: number;
  pollIntervalMs: number;
  caseSeconds: number;
  repetitions: number;
  cases: ServeCaseResult[];
}

/** A case's bytes per second against the static case's at the same connection count (NaN without one). */
export function ratioToStatic(r: ServeResults, c: ServeCaseResult): number {
  const base = r.cases.find((x) => x.target === "static" && x.load.connections === c.load.connections);
  return base && base.load.bytesPerS > 0 ? c.load.bytesPerS / base.load.bytesPerS : Number.NaN;
}
