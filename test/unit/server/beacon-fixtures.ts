/**
 * A beacon-chain server (`chain: "beacon"`) over a StateStore filled with real beacon
 * checkpoint states and blocks (@lodestar/types, minimal preset), stored as the daemon
 * would after a round, with a clock and a network view the test controls.
 */
import { createHash } from "node:crypto";
import pino from "pino";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import type { BeaconTypes } from "../../../src/beacon/ssz-types.js";
import { decideQuorum } from "../../../src/consensus/index.js";
import { type BeaconNetwork, type BeaconNetworkView, forkAtSlot } from "../../../src/model/beacon.js";
import type { CheckpointJson, VerifiedState } from "../../../src/model/outcome.js";
import { buildServer } from "../../../src/server/app.js";
import type { ServerDeps } from "../../../src/server/deps.js";
import type { Metrics } from "../../../src/metrics/metrics.js";
import { StateStore } from "../../../src/store/index.js";
import type { HeldBlock } from "../../../src/store/index.js";
import { makeBeaconNetwork, specBody } from "../../support/beacon-network.js";
import { makeBeaconState, type TestBeaconState } from "../../support/beacon-state.js";
import { upstreamStatus } from "./fixtures.js";

export const STALE_AFTER_MS = 600_000;
export const INTERVAL_MS = 2_000;

export const types: BeaconTypes = await loadBeaconTypes("minimal");
/** Forks at different epochs: a state and its block can be of two forks. */
export const network: BeaconNetwork = makeBeaconNetwork({ preset: "minimal", forkEpochs: { altair: 1, bellatrix: 2, capella: 3, deneb: 5 } });
export const SPE = network.slotsPerEpoch;
export const DEPOSIT = { chain_id: "1337", address: `0x${"42".repeat(20)}` };
export const VIEW: BeaconNetworkView = { network, spec: specBody(network).data, depositContract: DEPOSIT };

function sha256(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

export function root(byte: number): string {
  return `0x${byte.toString(16).padStart(2, "0").repeat(32)}`;
}

interface SszJsonType {
  serialize(v: unknown): Uint8Array;
  toJson(v: unknown): unknown;
}

export interface BeaconCheckpointState {
  epoch: number;
  state: TestBeaconState;
  verified: VerifiedState;
  /** Its block as held: the state's latest block, signed (a non-zero signature). */
  block: HeldBlock;
  /** The justified checkpoint the agreeing upstreams report with it (slot = epoch x SLOTS_PER_EPOCH). */
  justified: CheckpointJson;
  /** The block's JSON form, as the worker renders it. */
  blockJson: unknown;
}

/**
 * The checkpoint state of `epoch`: the state at the epoch's first slot, whose latest block
 * is at `blockSlot` (default that slot; below it, the epoch began with empty slots).
 */
export function checkpointState(epoch: number, o: { blockSlot?: number; seed?: number; justifiedEpoch?: number } = {}): BeaconCheckpointState {
  const slot = epoch * SPE;
  const seed = o.seed ?? epoch + 1;
  const state = makeBeaconState({ types, network, slot, blockSlot: o.blockSlot ?? slot, seed });
  const justified = { slot: (o.justifiedEpoch ?? epoch + 1) * SPE, root: root(0x70 + epoch) };
  const verified: VerifiedState = {
    digest: sha256(state.bytes),
    stateRoot: state.root,
    finalized: { slot, root: state.blockRoot },
    stateJustified: justified,
    stateFinalized: { slot: Math.max(0, slot - SPE), root: root(0x60 + epoch) },
    slot,
    genesisTime: network.genesisTime,
    size: state.bytes.byteLength,
  };
  // A signature of its own, so a route reading it from the wrong bytes shows.
  const blockType = (types.ssz as unknown as Record<string, Record<string, SszJsonType>>)[forkAtSlot(network, o.blockSlot ?? slot).fork]!.SignedBeaconBlock!;
  const signed = { message: state.block.value.message, signature: new Uint8Array(96).fill(0xa0 + epoch) };
  const bytes = blockType.serialize(signed);
  const blockJson = blockType.toJson(signed);
  const block: HeldBlock = { bytes, digest: sha256(bytes), root: state.blockRoot, json: blockJson };
  return { epoch, state, verified, block, justified, blockJson };
}

export interface BeaconHarness {
  app: ReturnType<typeof buildServer>;
  store: StateStore;
  clock: { now: number };
  /** What `deps.beacon()` answers; null: the network is not known yet. */
  view: { current: BeaconNetworkView | null };
  /** Store `s` as a round whose upstreams all agreed on it would (with its block unless `withBlock` is false). */
  apply(s: BeaconCheckpointState, withBlock?: boolean): void;
}

export function beaconHarness(over: Partial<ServerDeps> = {}, metrics: Metrics | null = null): BeaconHarness {
  // The fixture states are independent (their block_roots do not chain): ancestry is the store's own tests' concern.
  const store = over.store ?? new StateStore({ staleAfterMs: STALE_AFTER_MS, history: 4, allowFinalityReorg: true });
  const clock = { now: 1_700_000_000_000 };
  const view: { current: BeaconNetworkView | null } = { current: VIEW };
  const deps: ServerDeps = {
    logger: pino({ level: "silent" }),
    nowMs: () => clock.now,
    upstreams: () => [0, 1, 2].map((i) => upstreamStatus(i)),
    store,
    rounds: () => [],
    settings: { quorum: 0.5, minAgree: 1, quorumOf: "answering", pollIntervalMs: INTERVAL_MS, pollConcurrency: 8, workers: 2, staleAfterMs: STALE_AFTER_MS, pairWindowMs: 0 },
    metrics,
    chain: "beacon",
    beacon: () => view.current,
    ...over,
  };
  const app = buildServer(deps);
  return {
    app, store, clock, view,
    apply(s, withBlock = true) {
      const votes = [0, 1, 2].map((upstream) => ({ ok: true as const, upstream, state: s.verified, justified: s.justified }));
      const decision = decideQuorum(votes, { quorum: 0.5, minAgree: 1, quorumOf: "answering" });
      const blocks = { blockFor: (r: string) => (withBlock && r === s.block.root ? s.block : null) };
      store.apply(decision, new Map([[s.verified.digest, s.state.bytes]]), clock.now, blocks);
    },
  };
}
