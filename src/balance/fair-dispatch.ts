/**
 * Fair dispatch across lanes: which upstream to start when a poll slot is free.
 *
 * Each lane is owed its share of the slots. `take()` picks, among lanes with upstreams
 * still queued this round, the one with the lowest (in flight + 1) / share, so a lane
 * under its share goes before any lane at or over it, and when a lane has nothing left to
 * start its slots go to the others (work-conserving). A lane full of dead upstreams can
 * therefore hold its share and no more while the healthy lanes still have work. Within a
 * lane, upstreams start in the order they were enqueued.
 *
 * The dispatcher's loop:
 *   fair.setTable(balancer.table);                 // between rounds
 *   const busy = fair.enqueueRound(allUpstreams);  // still in flight from an abandoned poll
 *   on start and whenever a poll gives its slot back (fair.release(u)):
 *     for (let u = fair.take(); u !== null; u = fair.take()) startPoll(u);
 *   at the deadline: const notStarted = fair.abandonQueued();
 *
 * `take()` never lets more than `table.totalSlots` polls hold a slot; polls abandoned at a
 * deadline keep theirs (and count against their lane) until `release()`. A poll gives its
 * slot back when it ends, or earlier when it only waits on another's verification
 * (worker/fetch-state.ts); the dispatcher releases it here as soon as it sees that.
 */
import type { LanesTable } from "./lanes-table.js";

export interface LaneDispatchState {
  id: number;
  share: number;
  inFlight: number;
  queued: number;
}

export class FairDispatch {
  #table: LanesTable;
  /** Queued upstreams per lane id, consumed from `#heads`. */
  #queues = new Map<number, number[]>();
  #heads = new Map<number, number>();
  #inFlight = new Set<number>();
  #laneInFlight = new Map<number, number>();

  constructor(table: LanesTable) {
    this.#table = table;
    this.setTable(table);
  }

  get table(): LanesTable {
    return this.#table;
  }

  /** Polls started and not yet released (this round's and abandoned ones). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  get queued(): number {
    let n = 0;
    for (const [id, q] of this.#queues) n += q.length - this.#heads.get(id)!;
    return n;
  }

  /** Installs a new table; queued and in-flight upstreams are re-homed to their new lanes. */
  setTable(table: LanesTable): void {
    const pending = this.#drain();
    this.#table = table;
    this.#queues.clear();
    this.#heads.clear();
    this.#laneInFlight.clear();
    for (const lane of table.lanes) {
      this.#queues.set(lane.id, []);
      this.#heads.set(lane.id, 0);
      this.#laneInFlight.set(lane.id, 0);
    }
    for (const u of this.#inFlight) this.#bump(u, +1);
    for (const u of pending) this.#queues.get(table.laneOf(u).id)!.push(u);
  }

  /**
   * Starts a round: replaces the queues with `upstreams` (in order, duplicates ignored).
   * Returns the ones left out because a poll of theirs is still in flight.
   */
  enqueueRound(upstreams: Iterable<number>): number[] {
    this.#drain();
    const busy: number[] = [];
    const seen = new Set<number>();
    for (const u of upstreams) {
      if (seen.has(u)) continue;
      seen.add(u);
      const laneId = this.#table.laneOf(u).id; // also checks the index
      if (this.#inFlight.has(u)) busy.push(u);
      else this.#queues.get(laneId)!.push(u);
    }
    return busy;
  }

  /** The next upstream to start, marked in flight; null when the slots are full or nothing is queued. */
  take(): number | null {
    if (this.#inFlight.size >= this.#table.totalSlots) return null;
    let best: { id: number; key: number; inFlight: number } | null = null;
    for (const lane of this.#table.lanes) {
      if (this.#queues.get(lane.id)!.length === this.#heads.get(lane.id)!) continue;
      const inFlight = this.#laneInFlight.get(lane.id)!;
      const key = lane.share > 0 ? (inFlight + 1) / lane.share : Infinity;
      if (best === null || key < best.key || (key === best.key && inFlight < best.inFlight)) best = { id: lane.id, key, inFlight };
    }
    if (best === null) return null;
    const head = this.#heads.get(best.id)!;
    const u = this.#queues.get(best.id)![head];
    this.#heads.set(best.id, head + 1);
    this.#inFlight.add(u);
    this.#bump(u, +1);
    return u;
  }

  /** A poll gave its slot back (ended, abandoned and later ended, or waiting on a verification): its slot is free. False if it held none. */
  release(upstream: number): boolean {
    if (!this.#inFlight.delete(upstream)) return false;
    this.#bump(upstream, -1);
    return true;
  }

  /** The deadline passed: drops what was never started and returns it. */
  abandonQueued(): number[] {
    return this.#drain();
  }

  lanes(): LaneDispatchState[] {
    return this.#table.lanes.map((l) => ({
      id: l.id,
      share: l.share,
      inFlight: this.#laneInFlight.get(l.id)!,
      queued: this.#queues.get(l.id)!.length - this.#heads.get(l.id)!,
    }));
  }

  #bump(upstream: number, by: number): void {
    const id = this.#table.laneOf(upstream).id;
    this.#laneInFlight.set(id, this.#laneInFlight.get(id)! + by);
  }

  #drain(): number[] {
    const out: number[] = [];
    for (const [id, q] of this.#queues) {
      out.push(...q.slice(this.#heads.get(id)!));
      this.#queues.set(id, []);
      this.#heads.set(id, 0);
    }
    return out;
  }
}
