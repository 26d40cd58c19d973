/**
 * What the store holds and reports. Entries are frozen and replaced, never edited: a
 * reader that took an entry keeps a consistent view (and whole bytes) however many
 * rounds pass while it streams them out.
 */
import type { JustifiedSource, QuorumAgreed, QuorumDecision, QuorumMissed } from "../consensus/types.js";
import type { CheckpointJson } from "../model/outcome.js";
import type { HeldBlock } from "./upstream-blocks.js";

export interface StateStoreOptions {
  /** `--history`: how many finalized checkpoints (with their bytes) to keep, served one included. */
  history?: number;
  /** `--stale-after-ms`: how long the served state stays fresh after the last round that confirmed it. */
  staleAfterMs: number;
  /** `--allow-finality-reorg`: serve a quorum's checkpoint even when it does not descend from the served one. */
  allowFinalityReorg?: boolean;
  /**
   * The block root a verified state records for an earlier slot (the ancestry check):
   * null when it records none, "out_of_window" when its history no longer reaches that far
   * (the check is then skipped). Default: the lean state's historical_block_hashes.
   */
  historyRootAt?: HistoryRootAt;
}

export type HistoryRootAt = (state: Uint8Array, slot: number) => string | null | "out_of_window";

export interface StateStoreConfig {
  history: number;
  staleAfterMs: number;
  allowFinalityReorg: boolean;
}

/** One verified, quorum-agreed finalized state. */
export interface StoreEntry {
  /** The SSZ state as the upstreams served it. Never mutate or transfer it. */
  readonly bytes: Uint8Array;
  /**
   * The finalized SignedBlock an agreeing upstream served, checked on a worker against
   * these state bytes; null while none of them served one.
   */
  readonly block: HeldBlock | null;
  readonly digest: string;
  readonly stateRoot: string;
  readonly finalized: CheckpointJson;
  readonly justified: CheckpointJson;
  readonly justifiedSource: JustifiedSource;
  /** The finalized slot (= finalized.slot); the key of `bySlot`. */
  readonly slot: number;
  /** state.slot and config.genesis_time as the bytes say. */
  readonly stateSlot: number;
  readonly genesisTime: number;
  readonly size: number;
  /** When this checkpoint was first stored. */
  readonly storedAtMs: number;
  /** The last round whose quorum agreed on it. */
  readonly confirmedAtMs: number;
  /** Counts and rule of that last confirming round. */
  readonly agreeing: number;
  readonly answering: number;
  readonly total: number;
  readonly upstreams: readonly number[];
  readonly rule: string;
}

/** What one `apply` did. Every kind carries the round's decision. */
export type StoreOutcome =
  /** `reorg`: it does not descend from `previous`, served only because --allow-finality-reorg says so. */
  | { kind: "served-new"; decision: QuorumAgreed; entry: StoreEntry; previous: StoreEntry | null; reorg?: FinalityConflict }
  /** The quorum confirmed the served checkpoint (the entry is renewed: justified, counts). */
  | { kind: "unchanged"; decision: QuorumAgreed; entry: StoreEntry }
  /** A quorum for an older finalized slot than the one served: reported, not served. */
  | { kind: "older-ignored"; decision: QuorumAgreed; servedSlot: number }
  /**
   * A finality conflict, reported and not served: a quorum for the served slot with other
   * bytes (`same_slot`), or for a later checkpoint whose history does not hold the served
   * one (`not_descendant`).
   */
  | { kind: "conflict-ignored"; decision: QuorumAgreed; servedSlot: number; conflict: FinalityConflict }
  | { kind: "no-quorum"; decision: QuorumMissed }
  /**
   * The agreed digest's bytes are not in the cache, or their length is not the verified
   * size. Should not happen (it means the cache evicted them or the daemon lost them):
   * reported, nothing served changes.
   */
  | { kind: "missing-bytes"; decision: QuorumAgreed; detail: "absent" | "size_mismatch" };

export type StoreOutcomeKind = StoreOutcome["kind"];

/** Finality that does not extend the finality served before: a safety failure of the network, or an attack. */
export interface FinalityConflict {
  reason: "same_slot" | "not_descendant";
  atMs: number;
  served: CheckpointJson;
  /** The checkpoint the quorum agreed on instead. */
  agreed: CheckpointJson;
  /** not_descendant: what the agreed state records at the served slot (null: its history does not reach it). */
  recordedAtServedSlot: string | null;
}

/** The served entry, while fresh. */
export interface ServedState {
  entry: StoreEntry;
  /** When it stops being served unless a round confirms it again. */
  staleAtMs: number;
}

export type Freshness = "fresh" | "stale" | "none";

/**
 * A short stable reason for healthz, a closed set:
 * - ok: the last round's quorum confirmed (or stored) the fresh served state;
 * - starting: no round applied yet;
 * - no_upstreams: the last round had no answering upstream;
 * - no_consensus: the last round's answer cannot be served (no quorum, or a quorum for an
 *   older or conflicting checkpoint);
 * - missing_bytes: the quorum's bytes were not at hand (a bug or a too-small cache);
 * - stale: the served state went unconfirmed for stale-after-ms (overrides the others).
 * The daemon may report its own `no_upstreams` when none are configured.
 */
export type HealthReason = "ok" | "starting" | "no_upstreams" | "no_consensus" | "missing_bytes" | "stale";

export interface StoreStatus {
  state: Freshness;
  reason: HealthReason;
  /** The served entry while fresh; the last one served once stale; null before any. */
  latest: StoreEntry | null;
  /** While fresh, when the served state goes stale; null otherwise. */
  staleAtMs: number | null;
  /** The last round's outcome and decision (null before the first round). */
  lastOutcome: StoreOutcome | null;
  lastDecision: QuorumDecision | null;
  lastAppliedAtMs: number | null;
  /** How many finalized entries are held (at most `history`). */
  historySize: number;
  /** Finality conflicts since start, the last one, and whether the last round was one. */
  conflicts: { total: number; last: FinalityConflict | null; active: boolean };
}
