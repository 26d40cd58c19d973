/**
 * The served finalized state and the last few before it. Main thread only; no timers
 * (every time is passed in as `nowMs`, so tests inject a clock).
 *
 * Rules:
 * - Finality never goes backwards: a quorum for an older slot than the served one is
 *   reported (`older-ignored`), not served; a quorum for the served slot with other bytes,
 *   or for a later checkpoint that does not descend from the served one (its history does
 *   not hold the served root at the served slot), is a finality conflict
 *   (`conflict-ignored`), not served either, unless --allow-finality-reorg. This holds
 *   while the served state is stale too: stale means "unconfirmed", not "forgotten".
 * - Fresh means: the last round whose quorum agreed on the served checkpoint was less than
 *   `staleAfterMs` ago (`nowMs - confirmedAtMs < staleAfterMs`). Rounds without a quorum
 *   leave the state served until then; after that `current` answers null.
 * - The served entry is swapped by one reference assignment, and entries are frozen and
 *   never edited: an HTTP reply writing from the entry it took keeps those bytes whole
 *   while a newer state is stored.
 * - The bytes are stored as given (no copy: they were transferred to the main thread and
 *   nothing else writes them). Callers must not mutate or transfer them.
 */
import type { QuorumAgreed, QuorumDecision } from "../consensus/types.js";
import { ConfigError } from "../model/errors.js";
import type { BytesSource } from "./bytes-by-digest.js";
import { NO_BLOCKS, type BlockSource, type HeldBlock } from "./upstream-blocks.js";
import { historicalRootAt } from "./ancestry.js";
import type {
  HistoryRootAt,
  FinalityConflict,
  HealthReason,
  ServedState,
  StateStoreConfig,
  StateStoreOptions,
  StoreEntry,
  StoreOutcome,
  StoreStatus,
} from "./types.js";

/** `--history`: a day of finality on a quiet devnet is a handful of checkpoints; 8 x 16 MB stays modest. */
export const DEFAULT_HISTORY = 8;

/** Checkpoints remembered by name and roots (recent()), as checkpointz keeps 20 epochs. */
export const RECENT_CHECKPOINTS = 20;

/** A served checkpoint as recent() remembers it. */
export interface RecentCheckpoint {
  readonly slot: number;
  readonly stateSlot: number;
  readonly root: string;
  readonly stateRoot: string;
  readonly storedAtMs: number;
}

export function resolveStateStoreConfig(options: StateStoreOptions): StateStoreConfig {
  const history = options.history ?? DEFAULT_HISTORY;
  const { staleAfterMs } = options;
  if (typeof history !== "number" || !Number.isSafeInteger(history) || history < 1) {
    throw new ConfigError("--history", history, "must be an integer >= 1");
  }
  if (typeof staleAfterMs !== "number" || !Number.isFinite(staleAfterMs) || staleAfterMs <= 0) {
    throw new ConfigError("--stale-after-ms", staleAfterMs, "must be a number > 0");
  }
  return { history, staleAfterMs, allowFinalityReorg: options.allowFinalityReorg === true };
}

export class StateStore {
  readonly config: StateStoreConfig;
  /** The chain's ancestry read (StateStoreOptions.historyRootAt). */
  readonly historyRootAt: HistoryRootAt;
  /** Newest first; `#entries[0]` is the served one. Finalized slots strictly decrease. */
  #entries: readonly StoreEntry[] = [];
  /** The last RECENT_CHECKPOINTS served checkpoints, newest first: names and roots only (no bytes). */
  #recent: readonly RecentCheckpoint[] = [];
  #lastOutcome: StoreOutcome | null = null;
  #lastAppliedAtMs: number | null = null;
  #conflicts = 0;
  #lastConflict: FinalityConflict | null = null;

  constructor(options: StateStoreOptions) {
    this.config = resolveStateStoreConfig(options);
    this.historyRootAt = options.historyRootAt ?? historicalRootAt;
  }

  /**
   * Apply one round's decision; `bytes` holds state bytes by digest (see `BytesByDigest`),
   * `blocks` the agreeing upstreams' verified blocks (see `UpstreamBlocks`).
   */
  apply(decision: QuorumDecision, bytes: BytesSource, nowMs: number, blocks: BlockSource = NO_BLOCKS): StoreOutcome {
    const outcome = this.#decide(decision, bytes, blocks, nowMs);
    const conflict = finalityConflictOf(outcome);
    if (conflict !== undefined) {
      this.#conflicts++;
      this.#lastConflict = conflict;
    }
    this.#lastOutcome = outcome;
    this.#lastAppliedAtMs = nowMs;
    return outcome;
  }

  /** The served entry while fresh, else null (nothing stored yet, or stale). */
  current(nowMs: number): ServedState | null {
    const served = this.#entries[0];
    if (served === undefined) return null;
    const staleAtMs = served.confirmedAtMs + this.config.staleAfterMs;
    return nowMs < staleAtMs ? { entry: served, staleAtMs } : null;
  }

  status(nowMs: number): StoreStatus {
    const latest = this.#entries[0] ?? null;
    const served = this.current(nowMs);
    const state = latest === null ? "none" : served === null ? "stale" : "fresh";
    return {
      state,
      reason: state === "stale" ? "stale" : reasonOf(this.#lastOutcome),
      latest,
      staleAtMs: served?.staleAtMs ?? null,
      lastOutcome: this.#lastOutcome,
      lastDecision: this.#lastOutcome?.decision ?? null,
      lastAppliedAtMs: this.#lastAppliedAtMs,
      historySize: this.#entries.length,
      conflicts: { total: this.#conflicts, last: this.#lastConflict, active: this.#lastOutcome?.kind === "conflict-ignored" },
    };
  }

  /**
   * The last RECENT_CHECKPOINTS checkpoints served, newest first, held or not: what
   * checkpointz lists as its slots (it keeps 20 epochs). Only `history()` holds bytes.
   */
  recent(): readonly RecentCheckpoint[] {
    return this.#recent;
  }

  /** The last `history` finalized entries, newest (the served one) first. A frozen snapshot. */
  history(): readonly StoreEntry[] {
    return this.#entries;
  }

  /** The held entry whose finalized root is `root`, served or not, fresh or not. */
  byRoot(root: string): StoreEntry | null {
    return this.#entries.find((e) => e.finalized.root === root) ?? null;
  }

  /** The held entry whose finalized slot is `slot`, served or not, fresh or not. */
  bySlot(slot: number): StoreEntry | null {
    return this.#entries.find((e) => e.slot === slot) ?? null;
  }

  /** Digests of every held entry, for `BytesByDigest.prune`. */
  digests(): string[] {
    return this.#entries.map((e) => e.digest);
  }

  #decide(decision: QuorumDecision, bytes: BytesSource, blocks: BlockSource, nowMs: number): StoreOutcome {
    if (decision.kind === "no-quorum") return { kind: "no-quorum", decision };
    const served = this.#entries[0];
    if (served !== undefined) {
      const slot = decision.checkpoint.slot;
      if (slot < served.slot) return { kind: "older-ignored", decision, servedSlot: served.slot };
      if (slot === served.slot) {
        if (!sameState(served, decision)) {
          return { kind: "conflict-ignored", decision, servedSlot: served.slot, conflict: conflictOf("same_slot", served, decision, null, nowMs) };
        }
        const entry = renew(served, decision, nowMs, served.block ?? blockOf(blocks, decision));
        this.#entries = Object.freeze([entry, ...this.#entries.slice(1)]);
        return { kind: "unchanged", decision, entry };
      }
    }
    const got = bytes.get(decision.digest);
    if (got === undefined) return { kind: "missing-bytes", decision, detail: "absent" };
    if (got.byteLength !== decision.state.size) return { kind: "missing-bytes", decision, detail: "size_mismatch" };
    let reorg: FinalityConflict | undefined;
    if (served !== undefined) {
      const recorded = this.historyRootAt(got, served.slot);
      if (recorded !== "out_of_window" && recorded !== served.finalized.root) {
        reorg = conflictOf("not_descendant", served, decision, recorded, nowMs);
        if (!this.config.allowFinalityReorg) return { kind: "conflict-ignored", decision, servedSlot: served.slot, conflict: reorg };
      }
    }
    const entry = makeEntry(got, decision, nowMs, blockOf(blocks, decision));
    // One assignment of a fresh array: readers holding the old array or entry are untouched.
    this.#entries = Object.freeze([entry, ...this.#entries].slice(0, this.config.history));
    const seen: RecentCheckpoint = Object.freeze({ slot: entry.slot, stateSlot: entry.stateSlot, root: entry.finalized.root, stateRoot: entry.stateRoot, storedAtMs: nowMs });
    this.#recent = Object.freeze([seen, ...this.#recent].slice(0, RECENT_CHECKPOINTS));
    return { kind: "served-new", decision, entry, previous: served ?? null, ...(reorg ? { reorg } : {}) };
  }
}

function conflictOf(reason: FinalityConflict["reason"], served: StoreEntry, d: QuorumAgreed, recorded: string | null, atMs: number): FinalityConflict {
  return { reason, atMs, served: served.finalized, agreed: d.checkpoint, recordedAtServedSlot: recorded };
}

function sameState(entry: StoreEntry, d: QuorumAgreed): boolean {
  return entry.finalized.root === d.checkpoint.root && entry.stateRoot === d.stateRoot && entry.digest === d.digest;
}

/** The block of the agreed checkpoint, from one of the upstreams that agreed on it. */
function blockOf(blocks: BlockSource, d: QuorumAgreed): HeldBlock | null {
  return blocks.blockFor(d.checkpoint.root, d.upstreams);
}

function makeEntry(bytes: Uint8Array, d: QuorumAgreed, nowMs: number, block: HeldBlock | null): StoreEntry {
  return Object.freeze({
    bytes,
    block,
    digest: d.digest,
    stateRoot: d.stateRoot,
    finalized: Object.freeze({ slot: d.checkpoint.slot, root: d.checkpoint.root }),
    slot: d.checkpoint.slot,
    stateSlot: d.state.slot,
    genesisTime: d.state.genesisTime,
    size: d.state.size,
    storedAtMs: nowMs,
    ...confirmation(d, nowMs),
  });
}

/** The same checkpoint, confirmed again: new counts and justified, same bytes (a block once one is known). */
function renew(entry: StoreEntry, d: QuorumAgreed, nowMs: number, block: HeldBlock | null): StoreEntry {
  return Object.freeze({ ...entry, block, ...confirmation(d, nowMs) });
}

function confirmation(d: QuorumAgreed, nowMs: number) {
  return {
    justified: Object.freeze({ slot: d.justified.slot, root: d.justified.root }),
    justifiedSource: d.justifiedSource,
    confirmedAtMs: nowMs,
    agreeing: d.agreeing,
    answering: d.answering,
    total: d.total,
    upstreams: Object.freeze([...d.upstreams]),
    rule: d.rule,
  };
}

/** The finality conflict a round's outcome reports: refused, or served by --allow-finality-reorg. */
export function finalityConflictOf(outcome: StoreOutcome): FinalityConflict | undefined {
  return outcome.kind === "conflict-ignored" ? outcome.conflict : outcome.kind === "served-new" ? outcome.reorg : undefined;
}

/** Whether a round with this outcome leaves a quorum-confirmed state served (else it counts as failed). */
export function servesAfter(kind: StoreOutcome["kind"]): boolean {
  return kind === "served-new" || kind === "unchanged";
}

function reasonOf(outcome: StoreOutcome | null): HealthReason {
  if (outcome === null) return "starting";
  switch (outcome.kind) {
    case "served-new":
    case "unchanged":
      return "ok";
    case "missing-bytes":
      return "missing_bytes";
    case "no-quorum":
      return outcome.decision.reason === "no_answers" ? "no_upstreams" : "no_consensus";
    case "older-ignored":
    case "conflict-ignored":
      return "no_consensus";
  }
}
