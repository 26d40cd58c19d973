/**
 * One poll's share of the workers' body budget: what it reserved, given back whole when the
 * poll ends (workers/poll.ts), whatever path the poll took.
 */
import type { BodyBudget } from "../shm/body-budget.js";
import type { BodyHold } from "./http-handler.js";

export class PollBodyHold implements BodyHold {
  readonly #budget: BodyBudget;
  #held = 0;

  constructor(budget: BodyBudget) {
    this.#budget = budget;
  }

  tryReserve(bytes: number): boolean {
    if (!this.#budget.tryReserve(bytes)) return false;
    this.#held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#budget.release(bytes);
    this.#held -= bytes;
  }

  releaseAll(): void {
    this.#budget.release(this.#held);
    this.#held = 0;
  }
}
