/**
 * Accessors for the slot table (protocol and layout in `slots-layout.ts`). Both threads use
 * this class: the dispatcher constructs it with `SlotTable.create(n)`, hands `buffer` to the
 * workers once through workerData, and each worker wraps it with `new SlotTable(buffer, n)`.
 */
import {
  HEADER_I32,
  IDX_GENERATION,
  IDX_IN_FLIGHT,
  IDX_READY,
  REC_BYTES,
  REC_DISPATCHED_MS,
  REC_ENDED,
  REC_ENDED_MS,
  REC_ERROR_CODE,
  REC_GENERATION,
  REC_HTTP_STATUS,
  REC_RELEASED,
  REC_RELEASED_MS,
  REC_STARTED_MS,
  REC_STATE,
  RECORD_F64,
  RECORD_I32,
  SlotState,
  type SlotStateValue,
  int32RegionBytes,
  slotTableBytes,
} from "./slots-layout.js";

/** A consistent read of one upstream's record (taken after an Atomics.load of STATE). */
export interface SlotRecordView {
  state: SlotStateValue;
  generation: number;
  ended: boolean;
  httpStatus: number;
  errorCode: number;
  dispatchedMs: number;
  startedMs: number;
  endedMs: number;
  bytes: number;
  /** When the poll gave its slot back before it ended (0: it held it to the end). */
  releasedMs: number;
}

export class SlotTable {
  readonly buffer: SharedArrayBuffer;
  readonly upstreams: number;
  readonly #i32: Int32Array;
  readonly #f64: Float64Array;

  static create(upstreams: number): SlotTable {
    return new SlotTable(new SharedArrayBuffer(slotTableBytes(upstreams)), upstreams);
  }

  constructor(buffer: SharedArrayBuffer, upstreams: number) {
    if (buffer.byteLength < slotTableBytes(upstreams)) {
      throw new RangeError(`slot table of ${buffer.byteLength} bytes is too small for ${upstreams} upstreams`);
    }
    this.buffer = buffer;
    this.upstreams = upstreams;
    this.#i32 = new Int32Array(buffer, 0, int32RegionBytes(upstreams) / 4);
    this.#f64 = new Float64Array(buffer, int32RegionBytes(upstreams), upstreams * RECORD_F64);
  }

  #i(u: number, field: number): number {
    if (!(u >= 0 && u < this.upstreams)) throw new RangeError(`upstream index ${u} out of range`);
    return HEADER_I32 + u * RECORD_I32 + field;
  }

  #f(u: number, field: number): number {
    return u * RECORD_F64 + field;
  }

  // ---- header ----

  inFlight(): number {
    return Atomics.load(this.#i32, IDX_IN_FLIGHT);
  }

  generation(): number {
    return Atomics.load(this.#i32, IDX_GENERATION);
  }

  /** main: start a new round. */
  setGeneration(g: number): void {
    Atomics.store(this.#i32, IDX_GENERATION, g);
  }

  /**
   * main: wait until IN_FLIGHT is no longer `seen` or `timeoutMs` passes, without blocking
   * the event loop. Callers re-read the counter after it resolves (as thread-stream's wait
   * helper does): a wake-up is a hint, the word is the truth.
   */
  async waitInFlightChange(seen: number, timeoutMs: number): Promise<void> {
    const r = Atomics.waitAsync(this.#i32, IDX_IN_FLIGHT, seen, timeoutMs);
    if (r.async) await r.value;
  }

  /** main: wake every waiter on IN_FLIGHT now (a poll's result freed its lane's slot, or shutdown ends a round early). */
  wakeWaiters(): void {
    Atomics.notify(this.#i32, IDX_IN_FLIGHT);
  }

  /** worker: its poll code has loaded; once per thread. */
  markReady(): void {
    Atomics.add(this.#i32, IDX_READY, 1);
    Atomics.notify(this.#i32, IDX_READY);
  }

  /**
   * main: wait, without blocking the event loop, until `workers` threads are ready,
   * `timeoutMs` passed or `stop()` says so. True when they all are.
   */
  async waitReady(workers: number, timeoutMs: number, stop: () => boolean = () => false): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const ready = Atomics.load(this.#i32, IDX_READY);
      if (ready >= workers) return true;
      const left = until - Date.now();
      if (left <= 0 || stop()) return false;
      // A pending waitAsync does not keep the event loop alive, so a timer ends the wait.
      const waitMs = Math.min(left, 100);
      const r = Atomics.waitAsync(this.#i32, IDX_READY, ready, waitMs);
      if (!r.async) continue;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([r.value, new Promise((wake) => (timer = setTimeout(wake, waitMs)))]);
      clearTimeout(timer);
    }
  }

  // ---- main thread: dispatch and deadline ----

  /** main: true once the latest poll of `u` gave its slot back (it ended, or waits on another's verification). */
  released(u: number): boolean {
    return Atomics.load(this.#i32, this.#i(u, REC_RELEASED)) === 1;
  }

  /** main: true when this upstream may be dispatched (never polled, or its last poll ENDED). */
  isFree(u: number): boolean {
    const s = Atomics.load(this.#i32, this.#i(u, REC_STATE));
    return s === SlotState.IDLE || Atomics.load(this.#i32, this.#i(u, REC_ENDED)) === 1;
  }

  /** main: take a slot and mark the record IN_FLIGHT for round `generation`. */
  dispatch(u: number, generation: number, nowMs: number): void {
    if (!this.isFree(u)) throw new Error(`upstream ${u} is still in flight`);
    this.#f64[this.#f(u, REC_DISPATCHED_MS)] = nowMs;
    this.#f64[this.#f(u, REC_STARTED_MS)] = 0;
    this.#f64[this.#f(u, REC_ENDED_MS)] = 0;
    this.#f64[this.#f(u, REC_BYTES)] = 0;
    this.#f64[this.#f(u, REC_RELEASED_MS)] = 0;
    Atomics.store(this.#i32, this.#i(u, REC_RELEASED), 0);
    Atomics.store(this.#i32, this.#i(u, REC_HTTP_STATUS), 0);
    Atomics.store(this.#i32, this.#i(u, REC_ERROR_CODE), 0);
    Atomics.store(this.#i32, this.#i(u, REC_ENDED), 0);
    Atomics.store(this.#i32, this.#i(u, REC_GENERATION), generation);
    Atomics.add(this.#i32, IDX_IN_FLIGHT, 1);
    Atomics.store(this.#i32, this.#i(u, REC_STATE), SlotState.IN_FLIGHT);
  }

  /**
   * main, at the round deadline: IN_FLIGHT -> ABANDONED if the worker has not finished.
   * Returns true when main won (the poll is abandoned), false when the worker got DONE first.
   */
  abandon(u: number, generation: number): boolean {
    if (Atomics.load(this.#i32, this.#i(u, REC_GENERATION)) !== generation) return false;
    const prev = Atomics.compareExchange(this.#i32, this.#i(u, REC_STATE), SlotState.IN_FLIGHT, SlotState.ABANDONED);
    return prev === SlotState.IN_FLIGHT;
  }

  // ---- worker side ----

  /** worker: note the moment it picked the task up (only for the round it belongs to). */
  markStarted(u: number, generation: number, nowMs: number): void {
    if (Atomics.load(this.#i32, this.#i(u, REC_GENERATION)) !== generation) return;
    this.#f64[this.#f(u, REC_STARTED_MS)] = nowMs;
  }

  /**
   * worker: the poll really ended. Writes the payload, tries IN_FLIGHT -> DONE, marks the
   * record ENDED and frees the slot. Returns true when the result arrived in time (DONE),
   * false when main had already abandoned it. Called exactly once per dispatched poll.
   */
  finish(u: number, generation: number, r: { nowMs: number; bytes: number; httpStatus: number; errorCode: number }): boolean {
    // The record cannot be re-dispatched before ENDED is set below, so its generation is ours.
    if (Atomics.load(this.#i32, this.#i(u, REC_GENERATION)) !== generation) {
      throw new Error(`slot record ${u} changed generation under a running poll`);
    }
    this.#f64[this.#f(u, REC_ENDED_MS)] = r.nowMs;
    this.#f64[this.#f(u, REC_BYTES)] = r.bytes;
    Atomics.store(this.#i32, this.#i(u, REC_HTTP_STATUS), r.httpStatus);
    Atomics.store(this.#i32, this.#i(u, REC_ERROR_CODE), r.errorCode);
    const prev = Atomics.compareExchange(this.#i32, this.#i(u, REC_STATE), SlotState.IN_FLIGHT, SlotState.DONE);
    Atomics.store(this.#i32, this.#i(u, REC_ENDED), 1);
    this.#releaseOnce(u);
    return prev === SlotState.IN_FLIGHT;
  }

  /**
   * worker: the poll is done with the network and only waits for another poll's
   * verification of the same bytes: give the slot back now (the record stays IN_FLIGHT
   * until `finish`). At most once per poll; `finish` then frees nothing more.
   */
  release(u: number, generation: number, nowMs: number): void {
    if (Atomics.load(this.#i32, this.#i(u, REC_GENERATION)) !== generation) return;
    if (Atomics.load(this.#i32, this.#i(u, REC_RELEASED)) === 1) return;
    this.#f64[this.#f(u, REC_RELEASED_MS)] = nowMs;
    this.#releaseOnce(u);
  }

  /** The one decrement of IN_FLIGHT per dispatch: whoever flips RELEASED 0 -> 1. */
  #releaseOnce(u: number): void {
    if (Atomics.compareExchange(this.#i32, this.#i(u, REC_RELEASED), 0, 1) !== 0) return;
    Atomics.sub(this.#i32, IDX_IN_FLIGHT, 1);
    Atomics.notify(this.#i32, IDX_IN_FLIGHT);
  }

  // ---- readers (main: balancer, status) ----

  read(u: number): SlotRecordView {
    const state = Atomics.load(this.#i32, this.#i(u, REC_STATE)) as SlotStateValue;
    const ended = Atomics.load(this.#i32, this.#i(u, REC_ENDED)) === 1;
    return {
      state,
      ended,
      generation: Atomics.load(this.#i32, this.#i(u, REC_GENERATION)),
      httpStatus: Atomics.load(this.#i32, this.#i(u, REC_HTTP_STATUS)),
      errorCode: Atomics.load(this.#i32, this.#i(u, REC_ERROR_CODE)),
      dispatchedMs: this.#f64[this.#f(u, REC_DISPATCHED_MS)]!,
      startedMs: this.#f64[this.#f(u, REC_STARTED_MS)]!,
      endedMs: this.#f64[this.#f(u, REC_ENDED_MS)]!,
      bytes: this.#f64[this.#f(u, REC_BYTES)]!,
      releasedMs: this.#f64[this.#f(u, REC_RELEASED_MS)]!,
    };
  }
}
