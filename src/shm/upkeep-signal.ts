/**
 * The main thread asks every poll worker at once for its between-rounds upkeep
 * (heap-upkeep.ts) through three Int32 words of shared memory; piscina hands a task to one
 * worker, never to each of them.
 *
 * | 0 REQUESTS  | main adds 1 and notifies: "upkeep now"                  |
 * | 1 ANSWERS   | each worker adds 1 once it has run its upkeep, notifies |
 * | 2 COLLECTED | each worker adds 1 when its upkeep collected its heap   |
 *
 * Workers wait with Atomics.waitAsync, never a blocking wait: an idle worker's event loop
 * stays free for polls, and a worker busy with polls answers when its loop gets to it.
 * Requests are meant one at a time (PollPool keeps at most one pending); a worker that
 * finds several new requests answers once, and one that starts after requests were made
 * answers once at start.
 */
const REQUESTS = 0;
const ANSWERS = 1;
const COLLECTED = 2;
const WORDS = 3;

export interface UpkeepAnswers {
  /** Workers that answered before the timeout. */
  answered: number;
  /** Of them, those whose upkeep collected their heap. */
  collected: number;
}

export class UpkeepSignal {
  readonly buffer: SharedArrayBuffer;
  readonly #i32: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.#i32 = new Int32Array(buffer);
  }

  /** main: ask every worker, and wait until `workers` answered or `timeoutMs` passed. */
  async request(workers: number, timeoutMs: number): Promise<UpkeepAnswers> {
    const answers0 = Atomics.load(this.#i32, ANSWERS);
    const collected0 = Atomics.load(this.#i32, COLLECTED);
    Atomics.add(this.#i32, REQUESTS, 1);
    Atomics.notify(this.#i32, REQUESTS);
    const until = Date.now() + timeoutMs;
    // A pending Atomics.waitAsync does not keep node's event loop alive; this timer does.
    const alive = setTimeout(() => {}, timeoutMs);
    try {
      for (;;) {
        const seen = Atomics.load(this.#i32, ANSWERS);
        const left = until - Date.now();
        if (seen - answers0 >= workers || left <= 0) {
          return { answered: seen - answers0, collected: Atomics.load(this.#i32, COLLECTED) - collected0 };
        }
        // A wake-up is a hint, the word is the truth (as slots.ts waits).
        const r = Atomics.waitAsync(this.#i32, ANSWERS, seen, left);
        if (r.async) await r.value;
      }
    } finally {
      clearTimeout(alive);
    }
  }

  /**
   * worker: run `upkeep` (true when it collected) at every request, for the thread's life.
   * The wait does not keep the thread alive (a poll worker's port does).
   */
  listen(upkeep: () => boolean): void {
    // From 0, not the current count: a worker that starts (or restarts) while a request is
    // pending answers it at once, so the main thread does not wait out its timeout.
    let seen = 0;
    const answer = (): void => {
      const now = Atomics.load(this.#i32, REQUESTS);
      if (now !== seen) {
        seen = now;
        let collected = false;
        try {
          collected = upkeep();
        } catch {
          // Upkeep saves memory; it is never worth a worker (nor a missing answer).
        }
        if (collected) Atomics.add(this.#i32, COLLECTED, 1);
        Atomics.add(this.#i32, ANSWERS, 1);
        Atomics.notify(this.#i32, ANSWERS);
      }
      wait();
    };
    const wait = (): void => {
      const r = Atomics.waitAsync(this.#i32, REQUESTS, seen);
      if (r.async) void r.value.then(answer);
      else queueMicrotask(answer); // the word moved before we waited
    };
    wait();
  }
}
