/**
 * The body budget: how many bytes of response bodies all poll workers together may hold in
 * memory at once (`--max-inflight-bytes`). One BigInt64 word in a SharedArrayBuffer counts
 * the bytes held; a worker reserves before it keeps a body's bytes and releases them when
 * the poll ends (its bytes are then dropped or on their way to the main thread, which
 * bounds what it holds itself). A poll that cannot reserve streams the rest of its body
 * through SHA-256 only, as it does when it knows it need not keep it.
 *
 *   BigInt64 [0] HELD   writers: every worker (Atomics.compareExchange / sub); reader: any
 */
const HELD = 0;

export class BodyBudget {
  readonly limitBytes: number;
  readonly #held: BigInt64Array;
  readonly #limit: bigint;

  static create(limitBytes: number): BodyBudget {
    return new BodyBudget(new SharedArrayBuffer(8), limitBytes);
  }

  constructor(buffer: SharedArrayBuffer, limitBytes: number) {
    this.limitBytes = limitBytes;
    this.#held = new BigInt64Array(buffer, 0, 1);
    this.#limit = BigInt(limitBytes);
  }

  get buffer(): SharedArrayBuffer {
    return this.#held.buffer as SharedArrayBuffer;
  }

  /** Bytes held by every poll now. */
  get heldBytes(): number {
    return Number(Atomics.load(this.#held, HELD));
  }

  /** Reserve `bytes` if they fit under the limit; true when reserved. */
  tryReserve(bytes: number): boolean {
    const want = BigInt(Math.max(0, bytes));
    for (;;) {
      const held = Atomics.load(this.#held, HELD);
      if (held + want > this.#limit) return false;
      if (Atomics.compareExchange(this.#held, HELD, held, held + want) === held) return true;
    }
  }

  release(bytes: number): void {
    Atomics.sub(this.#held, HELD, BigInt(Math.max(0, bytes)));
  }
}
