/**
 * The slot table: one SharedArrayBuffer shared by the dispatcher (main thread) and every
 * poll worker. This file is the whole protocol; `slots.ts` is the only code that touches
 * the buffer, through the constants below.
 *
 * Layout: an Int32 control region, then (8-byte aligned) a Float64 payload region.
 *
 * Int32 header
 * | index | name        | writer                  | reader      | meaning                         |
 * |-------|-------------|-------------------------|-------------|---------------------------------|
 * | 0     | IN_FLIGHT   | main (+1), worker (-1)  | main        | polls holding a slot right now  |
 * | 1     | GENERATION  | main                    | both        | the current round number        |
 * | 2     | READY       | worker (+1, once)       | main        | workers whose poll code loaded  |
 *
 * Int32 record per upstream u, at HEADER_I32 + u * RECORD_I32
 * | +0 STATE       | main: IDLE->IN_FLIGHT, IN_FLIGHT->ABANDONED, ->IDLE; worker: IN_FLIGHT->DONE |
 * | +1 GENERATION  | main, before IN_FLIGHT is published     | the round the poll belongs to    |
 * | +2 HTTP_STATUS | worker, before DONE                     | last HTTP status seen (0: none)  |
 * | +3 ERROR_CODE  | worker, before DONE                     | upstreamErrorToInt(code), 0 = ok |
 * | +4 ENDED       | worker, once, when the poll really ends | 1 once ended (DONE or abandoned) |
 * | +5 RELEASED    | main: 0 at dispatch; worker: 0->1 once  | 1 once the slot was given back   |
 *
 * Float64 record per upstream u, at u * RECORD_F64 (in the Float64 view)
 * | +0 DISPATCHED_MS | main    | when the task was handed to the pool          |
 * | +1 STARTED_MS    | worker  | when a worker picked it up                    |
 * | +2 ENDED_MS      | worker  | when the poll ended (written before ENDED)    |
 * | +3 BYTES         | worker  | bytes received over the wire                  |
 * | +4 RELEASED_MS   | worker  | when the slot was given back (0: at the end)  |
 *
 * State machine of STATE (each terminal transition is an Atomics.compareExchange, so
 * exactly one side wins when the worker finishes just as the deadline fires):
 *
 *   IDLE --main: dispatch--> IN_FLIGHT --worker: finished in time--> DONE
 *                                      \--main: round deadline-----> ABANDONED
 *   DONE | ABANDONED --main: next dispatch, only once ENDED == 1--> IN_FLIGHT
 *
 * Ordering rule: a writer stores every payload field first, then publishes with
 * Atomics.store / compareExchange on the control word and Atomics.notify; a reader
 * Atomics.load()s the control word before reading any payload field. Atomics are
 * sequentially consistent, so the payload is visible once the control word is.
 *
 * Slot accounting: main adds 1 to IN_FLIGHT when it dispatches; the worker subtracts 1
 * exactly once (the CAS of RELEASED 0->1 decides), when the poll really ends, whether it
 * was DONE in time or ABANDONED long before, or earlier, when the poll is done with the
 * network and only waits for another poll to verify the same bytes (`release`): the
 * cap bounds sockets and bodies in flight, and such a poll holds neither, so the next
 * upstream may start while one worker merkleizes. Its record stays IN_FLIGHT until it
 * ends, so the deadline still abandons it and the upstream is not dispatched again before.
 * (Should the verifier give up, one waiting poll per distinct state downloads the body
 * again, slot or not: fetch-state.ts `verifyByDigest`. The count stays exact either way.) A slot therefore stays taken by a late poll until that poll's own budget frees
 * it, and the count never drifts. An upstream whose previous poll has not ENDED is not
 * dispatched again, so one record never has two writers (no ABA on the record).
 */

export const IDX_IN_FLIGHT = 0;
export const IDX_GENERATION = 1;
export const IDX_READY = 2;
/** Int32 words before the first record (padded to keep records aligned). */
export const HEADER_I32 = 4;

export const REC_STATE = 0;
export const REC_GENERATION = 1;
export const REC_HTTP_STATUS = 2;
export const REC_ERROR_CODE = 3;
export const REC_ENDED = 4;
export const REC_RELEASED = 5;
/** Int32 words per upstream record (6 used, padded to 8). */
export const RECORD_I32 = 8;

export const REC_DISPATCHED_MS = 0;
export const REC_STARTED_MS = 1;
export const REC_ENDED_MS = 2;
export const REC_BYTES = 3;
export const REC_RELEASED_MS = 4;
/** Float64 words per upstream record. */
export const RECORD_F64 = 5;

export const SlotState = {
  IDLE: 0,
  IN_FLIGHT: 1,
  DONE: 2,
  ABANDONED: 3,
} as const;
export type SlotStateValue = (typeof SlotState)[keyof typeof SlotState];

/** Bytes of the Int32 region for `n` upstreams, rounded up to 8 for the Float64 view. */
export function int32RegionBytes(n: number): number {
  const bytes = (HEADER_I32 + n * RECORD_I32) * 4;
  return Math.ceil(bytes / 8) * 8;
}

export function slotTableBytes(n: number): number {
  return int32RegionBytes(n) + n * RECORD_F64 * 8;
}
