/**
 * The contract every configuration implements: run one round over all upstreams (bounded
 * by the same round deadline as the daemon's, `roundBudgetMs`) and report one outcome per
 * upstream. The runner measures around `runRound`, so an engine does nothing but poll.
 */
import type { PollOutcome } from "../../src/model/outcome.js";
import type { LanesSummary } from "../model/protocol.js";

export interface EngineRound {
  /** Epoch ms when the round began (outcomes carry epoch ms too). */
  startedMs: number;
  /** One per upstream, in upstream order. */
  outcomes: PollOutcome[];
}

export interface Engine {
  runRound(): Promise<EngineRound>;
  /**
   * Between rounds, untimed: wait until no poll of the last round is still running (one
   * abandoned at the deadline ends within moments). Rounds here run back to back, where the
   * daemon leaves the rest of its interval, so without this a slow round would leak into
   * the next one's figures. Then free the state bytes the round dropped (BytesKeeper).
   */
  settle(): Promise<void>;
  /** Rounds the configuration needs to learn its upstreams before it is measured (the lane balancer's window). */
  readonly learningRounds?: number;
  /** The lanes at the end of the run (configurations with a lane scheduler). */
  lanes?(): LanesSummary;
  /** Stop threads and sockets. */
  close(): Promise<void>;
}

export interface EngineOptions {
  urls: readonly string[];
  workers: number;
  /** Polls in flight at once: the same cap for every configuration. */
  cap: number;
  timeoutMs: number;
  intervalMs: number;
  maxStateBytes: number;
  /** Naive only: reclaim its dead socket chunks as the poll workers do (src/memory/reclaim.ts). */
  naiveReclaim?: boolean;
}
