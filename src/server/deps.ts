/**
 * What the HTTP server may read. Handlers only read: they never call an upstream, never
 * decode or hash a state, and never mutate the daemon's state.
 */
import type { Logger } from "pino";
import type { BalancerView } from "../balance/index.js";
import type { QuorumBase } from "../consensus/index.js";
import type { RoundSummary } from "../round/round-history.js";
import type { UpstreamStatus } from "../round/upstream-status.js";
import type { StateStore } from "../store/index.js";
import type { Metrics } from "../metrics/metrics.js";
import type { BeaconNetworkView } from "../model/beacon.js";
import type { ServingLimits } from "./limits.js";

export interface ServerSettings {
  quorum: number;
  minAgree: number;
  quorumOf: QuorumBase;
  pollIntervalMs: number;
  pollConcurrency: number;
  workers: number;
  staleAfterMs: number;
  /** See PairPins: how long a client's block and state stay on one checkpoint (0 = off). */
  pairWindowMs: number;
  /** Per-client bounds (limits.ts); a field not given takes its default. */
  serving?: Partial<ServingLimits>;
}

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
  settings: ServerSettings;
  /** The daemon's metrics: GET /metrics serves its registry and requests are counted. null: neither (tests). */
  metrics: Metrics | null;
  /**
   * Rounds since start whose quorum gave nothing servable (leanpoint's `error_count`).
   * Absent: counted over `rounds()`, which only holds the recent ones.
   */
  failedRounds?: () => number;
  /** The balancer's view; absent: no /api/lanes (tests that do not need it). */
  lanes?: () => BalancerView;
  /** Which chain the daemon serves (`--chain`); absent: lean. */
  chain?: "lean" | "beacon";
  /**
   * Beacon chain only: the network the upstreams agree on, null until known. The store's
   * entries are then beacon checkpoint states: `finalized.slot` is the checkpoint epoch's
   * first slot (epoch x SLOTS_PER_EPOCH) and the state's own slot, `justified` likewise.
   */
  beacon?: () => BeaconNetworkView | null;
}
