/**
 * The lane balancer, after Acki Nacki's `LoadBalancingService`.
 *
 * Mapping from the source:
 * - thread -> lane (an ordered rule owning upstreams and a share of the poll slots);
 *   `ThreadsTable` -> `LanesTable`, whose last lane is the default and never collapses;
 * - load per block -> slot time (ms) a lane's upstreams held in one round, read by the
 *   dispatcher from the workers' shared-memory records (a dead upstream costs a whole
 *   timeout, a healthy one milliseconds), summed over `window` rounds in a `LoadWindow`;
 * - `check()` -> ContinueAsIs | Split(Proposal) | Collapse(Proposal), or StatsAreNotReady /
 *   LaneNotInTable (see `decide.ts`); `MAX_LOAD_DISPROPORTION = 2` at capacity;
 * - `handle_start_thread` / `handle_stop_thread` -> `apply()`: a lane that begins or whose
 *   members change gets a fresh window; a lane that goes is forgotten. Metrics read `view()`.
 *
 * Guards the source left open:
 * - one action a round, decided on the main thread after the round, applied between rounds;
 *   a stale or second proposal in a round is refused;
 * - a split cuts by the same per-upstream window load whose sum triggered it (no second
 *   metric), at the widest cost drop, and at capacity only when the collapse that must
 *   follow will take some other lane, not a half;
 * - the split's parent and child, and a collapse's receiving lane, restart their windows
 *   (and their members' windows, so a lane's load stays exactly the sum of its members');
 * - lanes not ready are listed in every decision, and no decision is made without a
 *   majority of ready lanes;
 * - settings are validated (window > 0, max lanes >= 1, disproportion >= 2), and every
 *   table is checked to hold each upstream in exactly one lane.
 */
import { QuorumpointError } from "../model/errors.js";
import { resolveBalancerConfig } from "./config.js";
import type { BalancerConfig, BalancerOptions } from "./config.js";
import { decide } from "./decide.js";
import { earlySplit, type Evidence } from "./early-split.js";
import { LanesTable } from "./lanes-table.js";
import { LoadWindow } from "./load-window.js";
import type { BalancerView, Decision, LaneLoad, Proposal, TableChange } from "./types.js";

/** Per-upstream slot time (ms) of one round: a Map (missing = 0) or an array indexed by upstream. */
export type RoundLoads = ReadonlyMap<number, number> | ArrayLike<number>;

export class Balancer {
  readonly config: BalancerConfig;
  #table: LanesTable;
  #laneWindows = new Map<number, LoadWindow>();
  #upstreamWindows: LoadWindow[];
  /** Rounds in which each upstream was measured (load > 0), and burned a whole timeout, since its window last reset. */
  #measured: Uint32Array;
  #burned: Uint32Array;
  #rounds = 0;
  #lastActionRound = -1;
  #lastDecision: BalancerView["lastDecision"] = null;
  #lastAction: BalancerView["lastAction"] = null;
  #counters = { splits: 0, collapses: 0, checks: 0, notReady: 0 };

  constructor(options: BalancerOptions) {
    this.config = resolveBalancerConfig(options);
    this.#table = LanesTable.initial(this.config.upstreams, this.config.totalSlots);
    this.#laneWindows.set(this.#table.defaultLane.id, new LoadWindow(this.config.window));
    this.#upstreamWindows = Array.from({ length: this.config.upstreams }, () => new LoadWindow(this.config.window));
    this.#measured = new Uint32Array(this.config.upstreams);
    this.#burned = new Uint32Array(this.config.upstreams);
  }

  /** The table in force: dispatch by it (`FairDispatch.setTable`). */
  get table(): LanesTable {
    return this.#table;
  }

  /** Rounds recorded so far. */
  get rounds(): number {
    return this.#rounds;
  }

  /**
   * Records one finished round: the slot time each upstream held (ms, from its start to its
   * end, or to the deadline when abandoned; 0 when it was not started). Call once a round,
   * before `check()`.
   */
  recordRound(loads: RoundLoads): void {
    const perUpstream = toArray(loads, this.config.upstreams);
    for (const lane of this.#table.lanes) {
      let sum = 0;
      for (const u of lane.upstreams) {
        this.#upstreamWindows[u].add(perUpstream[u]);
        if (perUpstream[u] > 0) this.#measured[u]++;
        if (this.config.timeoutMs > 0 && perUpstream[u] >= this.config.timeoutMs) this.#burned[u]++;
        sum += perUpstream[u];
      }
      this.#laneWindows.get(lane.id)!.add(sum);
    }
    this.#rounds++;
  }

  /**
   * Decides at most one action for the table in force (see `decide.ts`). Pure with respect
   * to the table: nothing changes until `apply(decision.proposal)`. With `lane`, it also
   * answers LaneNotInTable / StatsAreNotReady about that lane, as the source's
   * `check(thread, ...)` does.
   */
  check(lane?: number): Decision {
    const decision: Decision =
      this.#lastActionRound === this.#rounds
        ? { ok: true, kind: "ContinueAsIs", reason: `one action a round: round ${this.#rounds} already changed the table`, unready: this.#unready() }
        : this.#decide(lane);
    this.#counters.checks++;
    if (decision.kind === "StatsAreNotReady") this.#counters.notReady++;
    this.#lastDecision = { round: this.#rounds, kind: decision.kind, reason: decision.reason };
    return decision;
  }

  #decide(lane?: number): Decision {
    const d = decide({ table: this.#table, lanes: this.#laneLoads(), upstreamLoad: this.#upstreamLoads(), config: this.config, lane });
    if (d.kind !== "StatsAreNotReady" || lane !== undefined) return d;
    return earlySplit(this.#table, (u) => this.#evidence(u), this.config, d.unready) ?? d;
  }

  /** burned: a whole timeout in every round it was polled; answered: polled, and under that at least once. */
  #evidence(u: number): Evidence {
    if (this.#measured[u] === 0) return "none";
    return this.#burned[u] === this.#measured[u] ? "burned" : "answered";
  }

  /** Installs a proposal from `check()` of this round, restarting the changed lanes' windows. */
  apply(proposal: Proposal): LanesTable {
    if (this.config.noBalance) throw stale("balancing is off (--no-balance): the table never changes");
    if (proposal.table.upstreamCount !== this.config.upstreams || proposal.table.totalSlots !== this.config.totalSlots) {
      throw stale("proposal for another balancer (upstream count or slots differ)");
    }
    if (proposal.baseVersion !== this.#table.version) {
      throw stale(`proposal for table version ${proposal.baseVersion}, but version ${this.#table.version} is in force`);
    }
    if (this.#lastActionRound === this.#rounds) throw stale(`one action a round: round ${this.#rounds} already changed the table`);
    const before = this.#table;
    this.#table = proposal.table;
    this.#syncWindows(before);
    this.#lastActionRound = this.#rounds;
    if (proposal.change.kind === "Split") this.#counters.splits++;
    else this.#counters.collapses++;
    this.#lastAction = { round: this.#rounds, reason: this.#lastDecision?.reason ?? "", change: proposal.change };
    return this.#table;
  }

  view(): BalancerView {
    const c = this.config;
    const capacity = c.totalSlots * c.roundMs * c.window;
    return {
      enabled: !c.noBalance,
      window: c.window,
      threshold: c.threshold,
      maxLanes: c.maxLanes,
      totalSlots: c.totalSlots,
      roundMs: c.roundMs,
      rounds: this.#rounds,
      tableVersion: this.#table.version,
      lanes: this.#table.lanes.map((lane) => {
        const w = this.#laneWindows.get(lane.id)!;
        return {
          id: lane.id,
          isDefault: this.#table.isDefault(lane.id),
          upstreams: [...lane.upstreams],
          share: lane.share,
          loadMs: w.sum,
          loadFraction: w.sum / capacity,
          roundsInWindow: w.filled,
          ready: w.ready,
        };
      }),
      lastDecision: this.#lastDecision && { ...this.#lastDecision },
      lastAction: this.#lastAction && { ...this.#lastAction, change: copyChange(this.#lastAction.change) },
      counters: { ...this.#counters },
    };
  }

  /** Lifecycle hooks: new lane -> fresh window; changed members -> reset; gone -> removed. */
  #syncWindows(before: LanesTable): void {
    const live = new Set<number>();
    for (const lane of this.#table.lanes) {
      live.add(lane.id);
      const old = before.get(lane.id);
      const same = old !== undefined && old.upstreams.length === lane.upstreams.length && old.upstreams.every((u, i) => u === lane.upstreams[i]);
      if (same) continue;
      const w = this.#laneWindows.get(lane.id);
      if (w) w.reset();
      else this.#laneWindows.set(lane.id, new LoadWindow(this.config.window));
      for (const u of lane.upstreams) {
        this.#upstreamWindows[u].reset();
        this.#measured[u] = 0;
        this.#burned[u] = 0;
      }
    }
    for (const id of [...this.#laneWindows.keys()]) if (!live.has(id)) this.#laneWindows.delete(id);
  }

  #laneLoads(): Map<number, LaneLoad> {
    const m = new Map<number, LaneLoad>();
    for (const [id, w] of this.#laneWindows) m.set(id, { load: w.sum, ready: w.ready });
    return m;
  }

  #upstreamLoads(): Float64Array {
    return Float64Array.from(this.#upstreamWindows, (w) => w.sum);
  }

  #unready(): number[] {
    return this.#table.lanes.filter((l) => !this.#laneWindows.get(l.id)!.ready).map((l) => l.id);
  }
}

function toArray(loads: RoundLoads, n: number): Float64Array {
  const out = new Float64Array(n);
  if (loads instanceof Map) {
    for (const [u, v] of loads) {
      if (!Number.isInteger(u) || u < 0 || u >= n) throw new QuorumpointError("INTERNAL_BALANCE_LOAD", `load for upstream ${u}, outside 0..${n - 1}`);
      out[u] = v;
    }
  } else {
    const arr = loads as ArrayLike<number>;
    if (arr.length !== n) throw new QuorumpointError("INTERNAL_BALANCE_LOAD", `round loads for ${arr.length} upstreams, expected ${n}`);
    for (let u = 0; u < n; u++) out[u] = arr[u];
  }
  for (let u = 0; u < n; u++) {
    if (!(out[u] >= 0) || !Number.isFinite(out[u])) throw new QuorumpointError("INTERNAL_BALANCE_LOAD", `upstream ${u}: load ${out[u]} is not a finite number >= 0`);
  }
  return out;
}

function stale(message: string): QuorumpointError {
  return new QuorumpointError("INTERNAL_BALANCE_PROPOSAL", message);
}

function copyChange(c: TableChange): TableChange {
  return c.kind === "Split" ? { ...c, moved: [...c.moved] } : { ...c };
}
