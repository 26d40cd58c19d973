/** The data a poll task carries to a worker, and what each worker is given once at start. */
import type { BeaconNetworkView } from "./beacon.js";
import type { VerifiedState } from "./outcome.js";
import type { AgentPhases } from "./phases.js";

export interface PollTask {
  /** Index of the upstream (its record in the slot table). */
  upstream: number;
  /** Base URL, no trailing slash, no userinfo. */
  url: string;
  /** Sent with every request of this poll (the upstream's configured headers, its credentials); absent when none. */
  headers?: Readonly<Record<string, string>>;
  /** The round this poll belongs to; its result is ignored by any other round. */
  generation: number;
  /** Absolute round deadline (epoch ms): the poll's budget never runs past it. */
  deadlineMs: number;
  /** Per-poll bound (--timeout-ms). */
  timeoutMs: number;
  maxStateBytes: number;
  /** The last poll's finalized-block digest and verified state for this upstream, for the unchanged probe. */
  lastBlockDigest: string | null;
  /** The ETag the upstream sent with that block, for a conditional probe (304: unchanged). */
  lastBlockEtag: string | null;
  lastState: VerifiedState | null;
  /** Beacon chain only (`--chain beacon`); absent for lean. */
  beacon?: BeaconTask;
}

/** What a beacon poll needs beyond a lean one. */
export interface BeaconTask {
  /** The network the upstreams agree on, once known; until then each upstream's own (the poll reads it). */
  network: BeaconNetworkView | null;
  /** Read this upstream's spec and genesis (its first poll, or until its network is known): a mismatch is wrong_network. */
  readNetwork: boolean;
  /**
   * A claim of an already verified checkpoint must come with the upstream's own bytes this
   * time (hashed while streaming, never kept): their digest must be the verified state's.
   * Set for an upstream whose bytes were never checked, or not for a while, a few at a time
   * (round/beacon-proofs.ts); without it, such a claim votes by itself.
   */
  proveBytes?: boolean;
  /** Its bytes were found to be another state's: a claim of an already verified checkpoint is refused (wrong_root) without a download. */
  disproven?: boolean;
}

export interface PollWorkerData {
  slots: SharedArrayBuffer;
  upstreams: number;
  digestCache: SharedArrayBuffer;
  digestCacheCapacity: number;
  phases: AgentPhases;
  /** shm/body-budget.ts: the body bytes all workers hold, and its limit (--max-inflight-bytes). */
  bodyBudget: SharedArrayBuffer;
  bodyBudgetBytes: number;
  /** The BroadcastChannel the pool's workers share one state's hashing on (worker/merkle-channel.ts). */
  merkleChannel: string;
}

export const PATH_STATE = "/lean/v0/states/finalized";
export const PATH_BLOCK = "/lean/v0/blocks/finalized";
export const PATH_JUSTIFIED = "/lean/v0/checkpoints/justified";

/** A finalized SignedBlock is a few KB (one XMSS signature per attestation); 4 MiB is far past any real one. */
export const BLOCK_MAX_BYTES = 4 * 1024 * 1024;
/** The justified checkpoint is ~100 bytes of JSON. */
export const AUX_MAX_BYTES = 64 * 1024;

/** Aux calls get a quarter of the per-poll bound, at least 1 s (and never past the poll budget). */
export function auxTimeoutMs(timeoutMs: number): number {
  return Math.max(1000, Math.floor(timeoutMs / 4));
}
