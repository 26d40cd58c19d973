/**
 * Keeps one client's block and state on one checkpoint across a change of the served one.
 *
 * Lean clients fetch the finalized block and the finalized state in two requests (in
 * either order, or at once) and reject a pair whose `block.state_root` is not
 * `hash_tree_root(state)`. When the served checkpoint moves between the two requests,
 * the second would belong to the new checkpoint. So the first request of a client (by
 * its address) pins the checkpoint it got for `windowMs`, and its later requests within
 * the window get that checkpoint's block and state as long as the store still holds it.
 * A pin is never extended: a client polling every second still sees each new checkpoint
 * at most one window late. Pins are kept in creation order, so expired ones are dropped
 * from the front, and their number is capped.
 */
import type { StoreEntry } from "../store/index.js";

/** Enough for every node of a large network syncing at once; past it the oldest pins go first. */
export const MAX_PINS = 65_536;

export interface HeldEntries {
  byRoot(root: string): StoreEntry | null;
}

interface Pin {
  root: string;
  untilMs: number;
}

export class PairPins {
  readonly windowMs: number;
  readonly #max: number;
  readonly #pins = new Map<string, Pin>();

  constructor(windowMs: number, max = MAX_PINS) {
    this.windowMs = windowMs;
    this.#max = max;
  }

  /**
   * The entry `client` gets now: its pinned one while the pin lasts and the store holds
   * it, else `served`, which it is then pinned to.
   */
  pick(client: string, served: StoreEntry, held: HeldEntries, nowMs: number): StoreEntry {
    if (this.windowMs === 0) return served;
    this.#expire(nowMs);
    const pin = this.#pins.get(client);
    if (pin !== undefined) {
      if (pin.root === served.finalized.root) return served;
      const pinned = held.byRoot(pin.root);
      if (pinned !== null) return pinned;
      this.#pins.delete(client);
    }
    this.#pins.set(client, { root: served.finalized.root, untilMs: nowMs + this.windowMs });
    if (this.#pins.size > this.#max) this.#pins.delete(this.#pins.keys().next().value!);
    return served;
  }

  /** Pins `client` to `served` afresh (its pinned entry could not be given: superseded-downloads.ts). */
  repin(client: string, served: StoreEntry, nowMs: number): void {
    if (this.windowMs === 0) return;
    this.#pins.delete(client);
    this.#pins.set(client, { root: served.finalized.root, untilMs: nowMs + this.windowMs });
  }

  get size(): number {
    return this.#pins.size;
  }

  #expire(nowMs: number): void {
    for (const [client, pin] of this.#pins) {
      if (pin.untilMs > nowMs) return;
      this.#pins.delete(client);
    }
  }
}
