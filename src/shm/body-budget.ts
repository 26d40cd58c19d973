/**
 * The body budget: how many bytes of response bodies all poll workers together may hold in
 * memory at once (`--max-inflight-bytes`). One Int32 word in a SharedArrayBuffer counts
 * the bytes held, in KiB; a worker reserves before it keeps a body's bytes and releases
 * them when the poll ends (its bytes are then either dropped or on their way to the main
 * thread, which bounds what it holds itself). A poll that cannot reserve streams the rest
 * of its body through SHA-256 only, as it does when it knows it need not keep it.
 *
 *   Int32 [0] HELD_KIB   writers: every worker (Atomics.compareExchange / sub); reader: any
 *
 * KiB units keep the count within an Int32 for budgets up to 2 TiB; a reservation rounds
 * up, so the count never under-states what is held.
 */
const HELD_KIB = 0;
const KIB = 1024;

export class BodyBudget {
  readonly limitBytes: number;
  readonly #i32: Int32Array;
  readonly #limitKib: number;

  static create(limitBytes: number): BodyBudget {
    return new BodyBudget(new SharedArrayBuffer(4), limitBytes);
  }

  constructor(buffer: SharedArrayBuffer, limitBytes: number) {
    this.limitBytes = limitBytes;
    this.#i32 = new Int32Array(buffer, 0, 1);
    this.#limitKib = Math.floor(limitBytes / KIB);
  }

  get buffer(): SharedArrayBuffer {
    return this.#i32.buffer as SharedArrayBuffer;
  }

  /** Bytes held by every poll now (rounded up to KiB per reservation). */
  get heldBytes(): number {
    return Atomics.load(this.#i32, HELD_KIB) * KIB;
  }

  /**
   * Reserve `bytes` if they fit under the limit; true when reserved. Release exactly what
   * was reserved, with the same `bytes`.
   */
  tryReserve(bytes: number): boolean {
    const want = kib(bytes);
    for (;;) {
      const held = Atomics.load(this.#i32, HELD_KIB);
      if (held + want > this.#limitKib) return false;
      if (Atomics.compareExchange(this.#i32, HELD_KIB, held, held + want) === held) return true;
    }
  }

  release(bytes: number): void {
    Atomics.sub(this.#i32, HELD_KIB, kib(bytes));
  }
}

function kib(bytes: number): number {
  return Math.ceil(Math.max(0, bytes) / KIB);
}
