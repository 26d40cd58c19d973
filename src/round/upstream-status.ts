/**
 * Per-upstream status kept by the daemon, updated once per round from that round's
 * outcomes. `healthy` is not sticky: any failed poll clears it.
 *
 * JSON field names follow the Zig leanpoint's `/api/upstreams` (name, url, path, healthy,
 * last_success_ms, error_count, last_error, last_justified_slot, last_finalized_slot) so its
 * users can switch; the rest are quorumpoint's additions.
 *
 * Everything here is shown (API, dashboard, metrics): the URL and error messages go through
 * `redactUrl`, and an upstream's headers (its credentials) are kept by name only.
 */
import type { UpstreamErrorCode } from "../model/errors.js";
import type { BlockNote, CheckpointJson, PollOutcome } from "../model/outcome.js";
import { headerNames, redactUrl, type Upstream } from "../model/upstream.js";
import { RECENT_POLLS, standingOf, type Standing } from "./upstream-standing.js";

export interface UpstreamStatus {
  index: number;
  name: string;
  /** Redacted (no userinfo). */
  url: string;
  path: string;
  /** Names of the headers sent with every request to it (e.g. authorization), never their values; the book always sets it. */
  headers?: readonly string[];
  /** The last poll answered with a verified state (a round it was not polled in changes nothing). */
  healthy: boolean;
  /** Where it stands against the served checkpoint (upstream-standing.ts). */
  standing: Standing;
  /** Rounds in a row that ended before a poll slot came free for it: not a failure of the upstream. */
  not_polled_rounds: number;
  last_success_ms: number | null;
  /** leanpoint's name for error_total. */
  error_count: number;
  error_total: number;
  consecutive_errors: number;
  /** Short stable code of the last failed poll (null before any failure). */
  last_error: UpstreamErrorCode | null;
  last_error_message: string | null;
  last_error_ms: number | null;
  /** True when the last failure was a poll abandoned at the round deadline. */
  abandoned: boolean;
  last_justified_slot: number | null;
  last_finalized_slot: number | null;
  latency_ms: number | null;
  bytes: number;
  /** The finalized checkpoint derived from this upstream's own verified state bytes. */
  finalized: CheckpointJson | null;
  justified: CheckpointJson | null;
  state_root: string | null;
  state_digest: string | null;
  /** What the finalized-block probe found in the last ok poll. */
  block: BlockNote | null;
  genesis_time: number | null;
  /** The last poll reused the previous result because the finalized block had not changed. */
  unchanged: boolean;
  last_poll_round: number | null;
}

export class UpstreamStatusBook {
  readonly #items: UpstreamStatus[];
  /** Each upstream's last polls, oldest first (true = answered), for the flapping rule. */
  readonly #recent: boolean[][];

  constructor(upstreams: readonly Upstream[]) {
    this.#items = upstreams.map((u, index) => ({
      index, name: u.name, url: redactUrl(u.url), path: u.path ?? "/lean/v0/states/finalized", headers: headerNames(u.headers),
      healthy: false, standing: "not_polled", not_polled_rounds: 0, last_success_ms: null, error_count: 0, error_total: 0, consecutive_errors: 0,
      last_error: null, last_error_message: null, last_error_ms: null, abandoned: false,
      last_justified_slot: null, last_finalized_slot: null, latency_ms: null, bytes: 0,
      finalized: null, justified: null, state_root: null, state_digest: null, block: null, genesis_time: null,
      unchanged: false, last_poll_round: null,
    }));
    this.#recent = upstreams.map(() => []);
  }

  /** Apply one upstream's outcome for `round` (`abandoned`: closed by the round deadline). */
  apply(round: number, o: PollOutcome, abandoned = false): void {
    const s = this.#items[o.upstream]!;
    if (!o.ok && o.code === "not_polled") {
      s.not_polled_rounds += 1;
      return;
    }
    s.not_polled_rounds = 0;
    const recent = this.#recent[o.upstream]!;
    recent.push(o.ok);
    if (recent.length > RECENT_POLLS) recent.shift();
    s.last_poll_round = round;
    s.bytes = o.bytes;
    s.latency_ms = o.endedMs > 0 && o.startedMs > 0 ? o.endedMs - o.startedMs : null;
    if (o.ok) {
      s.healthy = true;
      s.consecutive_errors = 0;
      s.abandoned = false;
      s.last_success_ms = o.endedMs;
      s.finalized = o.state.finalized;
      s.justified = o.justified ?? o.state.stateJustified;
      s.last_finalized_slot = s.finalized.slot;
      s.last_justified_slot = s.justified.slot;
      s.state_root = o.state.stateRoot;
      s.state_digest = o.state.digest;
      s.block = o.blockNote;
      s.genesis_time = o.state.genesisTime;
      s.unchanged = o.unchanged;
    } else {
      s.healthy = false;
      s.consecutive_errors += 1;
      s.error_total += 1;
      s.error_count = s.error_total;
      s.last_error = o.code;
      s.last_error_message = redactUrl(o.message);
      s.last_error_ms = o.endedMs || Date.now();
      s.abandoned = abandoned;
      s.unchanged = false;
    }
  }

  /**
   * After the round's decision: each upstream's standing against the served checkpoint.
   * `servedRootAt(slot)` reads the served state's own history (store/ancestry.ts).
   */
  judge(served: CheckpointJson | null, servedRootAt: (slot: number) => string | null): void {
    for (const s of this.#items) {
      s.standing = standingOf({ recent: this.#recent[s.index]!, polledEver: s.last_poll_round !== null, finalized: s.finalized }, served, servedRootAt);
    }
  }

  get(i: number): Readonly<UpstreamStatus> {
    return this.#items[i]!;
  }

  /** A snapshot (copies) for the API. */
  list(): UpstreamStatus[] {
    return this.#items.map((s) => ({ ...s }));
  }
}
