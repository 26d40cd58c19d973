/**
 * What the HTTP server may read. Handlers only read: they never call an upstream, never
 * decode or hash a state, and never mutate the daemon's state.
 */
import type { Logger } from "pino";
import type { RoundSummary } from "../daemon/round-summary.js";
import type { UpstreamStatus } from "../poll/status.js";
import type { StateStore } from "../store/index.js";

export interface ServerDeps {
  logger: Logger;
  nowMs: () => number;
  /** A snapshot of every upstream's status. */
  upstreams: () => UpstreamStatus[];
  /** The served state, history and freshness. */
  store: StateStore;
  /** Recent rounds, oldest first. */
  rounds: () => readonly RoundSummary[];
  /** Settings worth showing (quorum rule, interval, concurrency...). */
  settings: { quorum: number; minAgree: number; pollIntervalMs: number; pollConcurrency: number; workers: number; staleAfterMs: number };
}
