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
  /**
   * The poll of `u` gave its slot back (it ended, or waits on another poll's verification),
   * whichever round it belonged to. Called again when its result arrives; true only when
   * this call freed a slot the scheduler counted.
   */
  release(u: number): boolean;
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

  release(): boolean {
    return false;
  }

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
