/**
 * The order in which one round's polls take free slots. The dispatcher owns the slot cap;
 * a scheduler only answers "which upstream next". `FifoScheduler` is the plain bounded pool
 * (--no-balance); the balancer's lane scheduler gives each lane its fair share.
 */
export interface RoundScheduler {
  /** Start a round with the upstreams free to poll, in configured order. */
  beginRound(upstreams: readonly number[]): void;
  /** The next upstream to dispatch now, or null when none may start. */
  take(): number | null;
  /** A poll of `u` really ended (its slot is free again), whichever round it belonged to. */
  release(u: number): void;
  /** Upstreams of this round not yet taken. */
  remaining(): number;
  /** Drop what was not taken (the round closed); returns those upstreams. */
  endRound(): number[];
}

export class FifoScheduler implements RoundScheduler {
  #queue: number[] = [];
  #next = 0;

  beginRound(upstreams: readonly number[]): void {
    this.#queue = [...upstreams];
    this.#next = 0;
  }

  take(): number | null {
    return this.#next < this.#queue.length ? this.#queue[this.#next++]! : null;
  }

  release(): void {}

  remaining(): number {
    return this.#queue.length - this.#next;
  }

  endRound(): number[] {
    const left = this.#queue.slice(this.#next);
    this.#queue = [];
    this.#next = 0;
    return left;
  }
}
