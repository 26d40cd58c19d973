/** A server over a StateStore the test fills by hand, with a clock the test moves. */
import pino from "pino";
import { decideQuorum } from "../../../src/consensus/index.js";
import type { QuorumDecision, Vote } from "../../../src/consensus/index.js";
import type { RoundSummary } from "../../../src/round/round-history.js";
import { stateDigest, verifyState } from "../../../src/lean/index.js";
import type { UpstreamStatus } from "../../../src/round/upstream-status.js";
import type { CheckpointJson, VerifiedState } from "../../../src/model/outcome.js";
import { buildServer } from "../../../src/server/app.js";
import type { ServerDeps } from "../../../src/server/deps.js";
import type { Metrics } from "../../../src/metrics/metrics.js";
import { StateStore } from "../../../src/store/index.js";
import type { BlockSource, HeldBlock } from "../../../src/store/index.js";
import { makeTestState } from "../../support/lean-state.js";

export const STALE_AFTER_MS = 10_000;
export const INTERVAL_MS = 2_000;

export interface TestState {
  bytes: Uint8Array;
  verified: VerifiedState;
  /** Its finalized SignedBlock, as a worker that checked it against the state would hold it. */
  block: HeldBlock;
}

/** A real-schema state at finalized `slot`, verified like a worker would; `parent`: a checkpoint it descends from. */
export function state(slot: number, seed = 1, history = 64, parent?: TestState): TestState {
  const { bytes, blockBytes, finalized } = makeTestState(slot, history, seed, parent?.verified.finalized);
  return { bytes, verified: verifyState(bytes), block: { bytes: blockBytes, digest: stateDigest(blockBytes), root: finalized.root } };
}

/** The blocks of `states`, as the daemon's UpstreamBlocks would offer them. */
export function blocksOf(states: readonly TestState[]): BlockSource {
  return { blockFor: (root) => states.find((s) => s.block.root === root)?.block ?? null };
}

/** `agree` upstreams vote for `s`, then `others` for other states, `failed` did not answer. */
export function decide(s: TestState | null, agree: number, others: TestState[] = [], failed = 0, justified: CheckpointJson | null = null): QuorumDecision {
  const votes: Vote[] = [];
  for (let i = 0; i < agree && s; i++) votes.push({ ok: true, upstream: votes.length, state: s.verified, justified });
  for (const o of others) votes.push({ ok: true, upstream: votes.length, state: o.verified, justified: null });
  for (let i = 0; i < failed; i++) votes.push({ ok: false, upstream: votes.length });
  return decideQuorum(votes, { quorum: 0.5, minAgree: 1, quorumOf: "answering" });
}

export function upstreamStatus(i: number, over: Partial<UpstreamStatus> = {}): UpstreamStatus {
  return {
    index: i, name: `node-${i}`, url: `http://127.0.0.1:${9000 + i}`, path: "/lean/v0/states/finalized",
    healthy: true, standing: "agrees", not_polled_rounds: 0, last_success_ms: 1000, error_count: 0, error_total: 0, consecutive_errors: 0,
    last_error: null, last_error_message: null, last_error_ms: null, abandoned: false,
    last_justified_slot: null, last_finalized_slot: null, latency_ms: 12, bytes: 1234,
    finalized: null, justified: null, state_root: null, state_digest: null, block: null, genesis_time: null,
    unchanged: false, last_poll_round: 1, ...over,
  };
}

export function roundSummary(round: number, over: Partial<RoundSummary> = {}): RoundSummary {
  return {
    round, startedMs: 1_000 * round, wallMs: 40, deadlineMs: 2000, dispatched: 4, ok: 4, failed: 0, abandoned: 0,
    notDispatched: 0, overrun: false, outcome: "served-new", servedSlot: 12, ...over,
  };
}

export interface Harness {
  app: ReturnType<typeof buildServer>;
  store: StateStore;
  clock: { now: number };
  deps: ServerDeps;
  /** Apply a decision as a round would, at the current clock, the states' blocks at hand. */
  apply(decision: QuorumDecision, ...states: TestState[]): void;
  /** The same, as when no agreeing upstream served a block. */
  applyWithoutBlocks(decision: QuorumDecision, ...states: TestState[]): void;
}

export function harness(over: Partial<ServerDeps> = {}, metrics: Metrics | null = null): Harness {
  const store = new StateStore({ staleAfterMs: STALE_AFTER_MS, history: 4 });
  const clock = { now: 1_700_000_000_000 };
  const deps: ServerDeps = {
    logger: pino({ level: "silent" }),
    nowMs: () => clock.now,
    upstreams: () => [0, 1, 2, 3].map((i) => upstreamStatus(i)),
    store,
    rounds: () => [],
    settings: { quorum: 0.5, minAgree: 1, quorumOf: "answering", pollIntervalMs: INTERVAL_MS, pollConcurrency: 8, workers: 2, staleAfterMs: STALE_AFTER_MS, pairWindowMs: 0 },
    metrics,
    ...over,
  };
  const app = buildServer(deps);
  return {
    app, store, clock, deps,
    apply(decision, ...states) {
      store.apply(decision, new Map(states.map((s) => [s.verified.digest, s.bytes])), clock.now, blocksOf(states));
    },
    applyWithoutBlocks(decision, ...states) {
      store.apply(decision, new Map(states.map((s) => [s.verified.digest, s.bytes])), clock.now);
    },
  };
}
