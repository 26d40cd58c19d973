/**
 * The lanes table (the source's `ThreadsTable`): an ordered, immutable list of lanes, each
 * owning a set of upstreams (indices into the configured upstream list) and a share of the
 * poll slots. The last lane is the default lane: it owns whatever no other lane took, and
 * it never collapses. Every change makes a new table with `version + 1`; a `Proposal` is
 * such a table, installed between rounds.
 *
 * Invariant, checked on every construction: each upstream 0..upstreamCount-1 is in exactly
 * one lane, and no lane is empty.
 */
import { QuorumpointError } from "../model/errors.js";
import { computeShares } from "./shares.js";

export interface Lane {
  /** Stable for the lane's life; never reused within one table's lineage. */
  readonly id: number;
  /** Member upstream indices, ascending. */
  readonly upstreams: readonly number[];
  /** Poll slots this lane is owed while others have work (see computeShares). */
  readonly share: number;
}

export class LanesTable {
  readonly lanes: readonly Lane[];
  readonly upstreamCount: number;
  readonly totalSlots: number;
  /** 0 for a fresh table; +1 per split or collapse. A proposal names the version it replaces. */
  readonly version: number;
  readonly #nextId: number;
  readonly #laneIndex: Int32Array;

  private constructor(ids: number[], members: number[][], upstreamCount: number, totalSlots: number, version: number, nextId: number) {
    validateLanes(members, upstreamCount);
    if (!Number.isInteger(totalSlots) || totalSlots < 1) throw internal(`totalSlots must be an integer >= 1, got ${totalSlots}`);
    const shares = computeShares(members.map((m) => m.length), totalSlots);
    this.lanes = Object.freeze(
      members.map((m, i) => Object.freeze({ id: ids[i], upstreams: Object.freeze([...m].sort((a, b) => a - b)), share: shares[i] })),
    );
    this.upstreamCount = upstreamCount;
    this.totalSlots = totalSlots;
    this.version = version;
    this.#nextId = nextId;
    this.#laneIndex = new Int32Array(upstreamCount);
    for (const [i, lane] of this.lanes.entries()) for (const u of lane.upstreams) this.#laneIndex[u] = i;
  }

  /** One default lane holding every upstream: the plain bounded pool. */
  static initial(upstreamCount: number, totalSlots: number): LanesTable {
    return new LanesTable([0], [range(upstreamCount)], upstreamCount, totalSlots, 0, 1);
  }

  /** A table from explicit member lists, ids 0..n-1 in order; the last list is the default lane. */
  static fromMembers(members: readonly (readonly number[])[], upstreamCount: number, totalSlots: number): LanesTable {
    return new LanesTable(members.map((_, i) => i), members.map((m) => [...m]), upstreamCount, totalSlots, 0, members.length);
  }

  get size(): number {
    return this.lanes.length;
  }

  get defaultLane(): Lane {
    return this.lanes[this.lanes.length - 1];
  }

  isDefault(laneId: number): boolean {
    return this.defaultLane.id === laneId;
  }

  /** Position of a lane in the table, or -1 when it is not there. */
  indexOf(laneId: number): number {
    return this.lanes.findIndex((l) => l.id === laneId);
  }

  get(laneId: number): Lane | undefined {
    return this.lanes.find((l) => l.id === laneId);
  }

  /** The lane that owns an upstream (every upstream has exactly one). */
  laneOf(upstream: number): Lane {
    if (!Number.isInteger(upstream) || upstream < 0 || upstream >= this.upstreamCount) {
      throw internal(`upstream ${upstream} is outside 0..${this.upstreamCount - 1}`);
    }
    return this.lanes[this.#laneIndex[upstream]];
  }

  /**
   * Moves `childUpstreams` (a proper, non-empty subset of the lane) into a new lane placed
   * just above it. The parent keeps its id, and stays the default lane if it was one.
   */
  split(laneId: number, childUpstreams: readonly number[]): LanesTable {
    const at = this.#mustFind(laneId);
    const parent = this.lanes[at];
    const child = new Set(childUpstreams);
    const rest = parent.upstreams.filter((u) => !child.has(u));
    if (child.size === 0 || rest.length === 0 || rest.length + child.size !== parent.upstreams.length) {
      throw internal(`split of lane ${laneId} needs a proper non-empty subset of its upstreams`);
    }
    const ids = this.lanes.map((l) => l.id);
    const members = this.lanes.map((l) => [...l.upstreams]);
    ids.splice(at, 0, this.#nextId);
    members.splice(at, 1, [...child], rest);
    return new LanesTable(ids, members, this.upstreamCount, this.totalSlots, this.version + 1, this.#nextId + 1);
  }

  /** Folds a non-default lane into the next one down, which keeps its id. */
  collapse(laneId: number): LanesTable {
    const at = this.#mustFind(laneId);
    if (at === this.lanes.length - 1) throw internal(`lane ${laneId} is the default lane: it never collapses`);
    const ids = this.lanes.map((l) => l.id);
    const members = this.lanes.map((l) => [...l.upstreams]);
    members[at + 1] = [...members[at + 1], ...members[at]];
    ids.splice(at, 1);
    members.splice(at, 1);
    return new LanesTable(ids, members, this.upstreamCount, this.totalSlots, this.version + 1, this.#nextId);
  }

  /** Re-checks the invariant (it holds by construction; for tests and assertions). */
  validate(): void {
    validateLanes(this.lanes.map((l) => l.upstreams), this.upstreamCount);
  }

  toJSON(): { version: number; lanes: { id: number; upstreams: number[]; share: number }[] } {
    return { version: this.version, lanes: this.lanes.map((l) => ({ id: l.id, upstreams: [...l.upstreams], share: l.share })) };
  }

  #mustFind(laneId: number): number {
    const at = this.indexOf(laneId);
    if (at < 0) throw internal(`lane ${laneId} is not in the table`);
    return at;
  }
}

/** Throws unless every upstream 0..upstreamCount-1 is in exactly one lane and no lane is empty. */
export function validateLanes(members: readonly (readonly number[])[], upstreamCount: number): void {
  if (!Number.isInteger(upstreamCount) || upstreamCount < 1) throw internal(`upstreamCount must be an integer >= 1, got ${upstreamCount}`);
  if (members.length === 0) throw internal("a lanes table needs at least the default lane");
  const owner = new Int32Array(upstreamCount).fill(-1);
  members.forEach((lane, i) => {
    if (lane.length === 0) throw internal(`lane at position ${i} is empty`);
    for (const u of lane) {
      if (!Number.isInteger(u) || u < 0 || u >= upstreamCount) throw internal(`lane at position ${i} holds upstream ${u}, outside 0..${upstreamCount - 1}`);
      if (owner[u] !== -1) throw internal(`upstream ${u} is in lanes at positions ${owner[u]} and ${i}`);
      owner[u] = i;
    }
  });
  const missing = owner.indexOf(-1);
  if (missing >= 0) throw internal(`upstream ${missing} is in no lane`);
}

function internal(message: string): QuorumpointError {
  return new QuorumpointError("INTERNAL_LANES_TABLE", message);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
