/** Upstreams in configured order, no lanes: the plainest scheduler, for tests of the dispatcher alone. */
import type { RoundScheduler } from "../../src/round/scheduler.js";

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
