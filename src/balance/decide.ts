/**
 * The balancing decision, a pure function over the table and read-only window figures
 * (the source's `LoadBalancingService::check`). `Balancer` owns the windows and calls it.
 *
 *   not enough lanes ready ............................ StatsAreNotReady
 *   more lanes than maxLanes .......................... Collapse the lightest non-default lane
 *   a lane over the threshold that a cut can separate . Split it (at capacity: 2x rule + guard)
 *   otherwise ......................................... ContinueAsIs
 */
import { QuorumpointError } from "../model/errors.js";
import { MIN_SPLIT_GAP } from "./config.js";
import type { BalancerConfig } from "./config.js";
import type { Lane, LanesTable } from "./lanes-table.js";
import { chooseCut } from "./split-cut.js";
import type { Decision, LaneLoad } from "./types.js";

export interface DecideInput {
  table: LanesTable;
  /** Window figures by lane id; a lane missing here counts as not ready. */
  lanes: ReadonlyMap<number, LaneLoad>;
  /** Each upstream's window load (ms), reset with its lane: a lane's load is their sum. */
  upstreamLoad: ArrayLike<number>;
  config: BalancerConfig;
  /** The source's `check(thread, ...)` form: also fail when this lane is absent or not ready. */
  lane?: number;
}

interface Row {
  lane: Lane;
  load: number;
}

export function decide(input: DecideInput): Decision {
  const { table, config } = input;
  const stat = (id: number): LaneLoad => input.lanes.get(id) ?? { load: 0, ready: false };
  if (input.lane !== undefined) {
    if (table.indexOf(input.lane) < 0) return { ok: false, kind: "LaneNotInTable", reason: `lane ${input.lane} is not in the table`, lane: input.lane };
    if (!stat(input.lane).ready) return { ok: false, kind: "StatsAreNotReady", reason: `lane ${input.lane}: window not full`, unready: [input.lane] };
  }
  const unready = table.lanes.filter((l) => !stat(l.id).ready).map((l) => l.id);
  if (config.noBalance) return { ok: true, kind: "ContinueAsIs", reason: "balancing is off (--no-balance): one lane", unready };

  // Quorum of windows: a strict majority of lanes must be ready. The rest are left out of
  // the scan below and listed in every answer.
  const ready: Row[] = table.lanes.filter((l) => stat(l.id).ready).map((lane) => ({ lane, load: stat(lane.id).load }));
  if (ready.length * 2 <= table.size) {
    return { ok: false, kind: "StatsAreNotReady", reason: `${ready.length} of ${table.size} lanes have a full window; a decision needs a majority`, unready };
  }
  const min = ready.reduce((m, r) => (r.load < m.load ? r : m));

  if (table.size > config.maxLanes) return collapse(table, ready, config, unready);
  return split(input, ready, min, unready);
}

function collapse(table: LanesTable, ready: Row[], config: BalancerConfig, unready: readonly number[]): Decision {
  // Lightest ready non-default lane; on a tie the later one (the source: "prefer to shift
  // down"). One exists: a majority of the table (>= 2 lanes here) is ready, and only one
  // lane is the default.
  let target: Row | null = null;
  for (const r of ready) if (!table.isDefault(r.lane.id) && (target === null || r.load <= target.load)) target = r;
  if (target === null) throw new QuorumpointError("INTERNAL_BALANCE_DECIDE", "collapse found no ready non-default lane");
  const into = table.lanes[table.indexOf(target.lane.id) + 1];
  return {
    ok: true,
    kind: "Collapse",
    reason: `${table.size} lanes > max ${config.maxLanes}: fold the lightest lane ${target.lane.id} (${ms(target.load)}) into lane ${into.id}`,
    unready,
    proposal: { table: table.collapse(target.lane.id), baseVersion: table.version, change: { kind: "Collapse", folded: target.lane.id, into: into.id } },
  };
}

function split(input: DecideInput, ready: Row[], min: Row, unready: readonly number[]): Decision {
  const { table, config } = input;
  const capacity = config.totalSlots * config.roundMs * config.window;
  const heaviest = ready.reduce((m, r) => (r.load > m.load ? r : m));
  const over = ready.filter((r) => r.load > config.threshold * capacity).sort((a, b) => b.load - a.load);
  const cont = (reason: string): Decision => ({ ok: true, kind: "ContinueAsIs", reason, unready });
  if (over.length === 0) {
    return cont(`heaviest lane ${heaviest.lane.id} holds ${pct(heaviest.load / capacity)} of the pool's slot time, threshold ${pct(config.threshold)}`);
  }
  const atCapacity = table.size === config.maxLanes;
  const skipped: string[] = [];
  // The heaviest lane first; a lane whose members all cost alike cannot be helped by a
  // split, so the next heaviest one over the threshold gets its turn.
  for (const cand of over) {
    if (atCapacity && !(cand.load > config.maxLoadDisproportion * min.load)) {
      skipped.push(`at capacity (${table.size} lanes) lane ${cand.lane.id} (${ms(cand.load)}) is not > ${config.maxLoadDisproportion}x the lightest lane ${min.lane.id} (${ms(min.load)})`);
      break; // the others over the threshold are lighter still
    }
    const cut = chooseCut(cand.lane.upstreams, input.upstreamLoad);
    if (cut === null) {
      skipped.push(`lane ${cand.lane.id} has no cost gap of ${MIN_SPLIT_GAP}x or more between its upstreams`);
      continue;
    }
    if (atCapacity && !collapseSparesHalves(table, ready, cand, cut.childLoad, cut.parentLoad)) {
      skipped.push(`at capacity, a half of lane ${cand.lane.id} would be the next collapse and fold straight back`);
      continue;
    }
    const proposed = table.split(cand.lane.id, cut.child);
    const child = proposed.lanes[proposed.indexOf(cand.lane.id) - 1].id;
    return {
      ok: true,
      kind: "Split",
      reason:
        `lane ${cand.lane.id} holds ${pct(cand.load / capacity)} of the pool's slot time (threshold ${pct(config.threshold)}): ` +
        `its ${cut.child.length} costliest upstreams (${ms(cut.childLoad)}) move to lane ${child}, ${cut.parent.length} stay (${ms(cut.parentLoad)})`,
      unready,
      proposal: { table: proposed, baseVersion: table.version, change: { kind: "Split", parent: cand.lane.id, child, moved: cut.child } },
    };
  }
  return cont(skipped.join("; "));
}

/**
 * At capacity the split is followed by a collapse of the lightest non-default lane. It must
 * be some other lane: one that stays lighter than each non-default half (the default lane
 * never collapses, so a default half is exempt). Otherwise the split would be undone.
 */
function collapseSparesHalves(table: LanesTable, ready: Row[], cand: Row, childLoad: number, parentLoad: number): boolean {
  const others = ready.filter((r) => r !== cand && !table.isDefault(r.lane.id));
  if (others.length === 0) return false;
  const lightest = Math.min(...others.map((r) => r.load));
  return lightest < childLoad && (table.isDefault(cand.lane.id) || lightest < parentLoad);
}

function pct(f: number): string {
  return `${(f * 100).toFixed(1)}%`;
}

function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
