/**
 * One poll's share of the workers' body budget: what it reserved, given back whole when the
 * poll ends (workers/poll.ts), whatever path the poll took.
 */
import type { BodyBudget } from "../shm/body-budget.js";
import type { BodyHold } from "./http-handler.js";

export class PollBodyHold implements BodyHold {
  readonly #budget: BodyBudget;
  /** Told each time bytes are given back: the chunks that held them are garbage from then on. */
  readonly #released: (bytes: number) => void;
  #held = 0;

  constructor(budget: BodyBudget, released: (bytes: number) => void = () => {}) {
    this.#budget = budget;
    this.#released = released;
  }

  tryReserve(bytes: number): boolean {
    if (!this.#budget.tryReserve(bytes)) return false;
    this.#held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#budget.release(bytes);
    this.#held -= bytes;
    if (bytes > 0) this.#released(bytes);
  }

  releaseAll(): void {
    this.release(this.#held);
  }
}
