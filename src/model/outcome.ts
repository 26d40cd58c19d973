/**
 * What one poll of one upstream yields, as the worker reports it and the main thread
 * consumes it (consensus, store, status, API). Plain data: it crosses threads by
 * structured clone; only `stateBytes` is transferred.
 */
import type { BeaconNetworkView } from "./beacon.js";
import type { UpstreamErrorCode } from "./errors.js";

/** A checkpoint as the lean API spells it: root is 0x-prefixed lowercase hex. */
export interface CheckpointJson {
  slot: number;
  root: string;
}

/** Everything verified about one finalized state, keyed by the SHA-256 of its raw bytes. */
export interface VerifiedState {
  /** SHA-256 of the raw SSZ bytes, 0x hex: the content address of the state. */
  digest: string;
  /** hash_tree_root(state) as served (header.state_root zeroed). */
  stateRoot: string;
  /** The finalized checkpoint the bytes prove: {header.slot, hash_tree_root(header with state_root filled)}. */
  finalized: CheckpointJson;
  /** The state's own latest_justified and latest_finalized fields. */
  stateJustified: CheckpointJson;
  stateFinalized: CheckpointJson;
  /** state.slot and config.genesis_time. */
  slot: number;
  genesisTime: number;
  /** Byte length of the SSZ state. */
  size: number;
}

/**
 * What the finalized-block probe found, beside the state:
 * - served: a SignedBlock that matches this upstream's verified state (blockRoot is set);
 * - not_served: 404, 405 or 501, as from a node without the block endpoint;
 * - bad_content_type: JSON or text where SSZ was asked for; the state still votes.
 */
export type BlockNote = "served" | "not_served" | "bad_content_type";

export interface PollTimings {
  /** Epoch ms when the worker picked the task up and when it finished (worker clock = main clock). */
  startedMs: number;
  endedMs: number;
}

export type PollOutcome =
  | ({
      ok: true;
      upstream: number;
      generation: number;
      state: VerifiedState;
      /** The node's current justified checkpoint (aux call), or null when it does not serve one. */
      justified: CheckpointJson | null;
      /** true when the finalized-block probe showed nothing changed and the last result was reused. */
      unchanged: boolean;
      /** Digest of the finalized block bytes (the probe), or null when the upstream does not serve it. */
      blockDigest: string | null;
      /** The ETag the upstream sent with its block, if any. */
      blockEtag: string | null;
      blockNote: BlockNote;
      /**
       * hash_tree_root of the served block, 0x hex, checked on the worker to equal
       * `state.finalized.root`; null unless blockNote is "served".
       */
      blockRoot: string | null;
      /** The SignedBlock bytes as served, when this poll downloaded them (absent when unchanged). */
      blockBytes?: Uint8Array;
      /** Beacon chain: the block in the beacon API's JSON form, beside blockBytes. */
      blockJson?: unknown;
      /** Beacon chain: the network this upstream described, when the poll read it (BeaconTask.readNetwork). */
      network?: BeaconNetworkView;
      /** Beacon chain: the upstream claimed a checkpoint another poll had verified from bytes; it voted without a download. */
      claimOnly?: boolean;
      /** Beacon chain: this poll hashed the state it verified in this many units, `helped` of them hashed by other workers (merkle/shared-root.ts). */
      hashUnits?: { units: number; helped: number };
      /** Bytes received over the wire in this poll (all requests). */
      bytes: number;
      /**
       * The raw state bytes, present only when this worker was the one that verified a
       * digest new to the shared digest cache (so the main thread receives each distinct
       * state once). Transferred, never copied.
       */
      stateBytes?: Uint8Array;
    } & PollTimings)
  | ({
      ok: false;
      upstream: number;
      generation: number;
      code: UpstreamErrorCode;
      message: string;
      bytes: number;
    } & PollTimings);
