/**
 * Interleaved rounds: the runners of one workload (or of the worker sweep) are alive
 * together, and take turns, one round at a time, so no two rounds ever share the cores.
 *
 * Why: this machine's speed drifts over minutes (co-tenants, thermal, page cache), and
 * configurations measured one after the other took that drift into their ratios: one run
 * measured the fixed pool and quorumpoint, the same code on a healthy mix, 1.14 and 1.27 s
 * apart. Taking turns round by round spreads the drift over every configuration alike.
 *
 * The rule: a turn starts only when every runner still alive is waiting for one (the one
 * that just finished a round has asked for its next, or exited), and goes to the request
 * with the earliest phase, then the lowest round index, ties in an order rotated by the
 * index (so no configuration always follows the same one). So phases stay aligned: no
 * runner's steady round sees finality advanced for another's change round, and
 * quorumpoint's learning rounds finish before anyone's steady or change rounds start.
 */
import type { Phase } from "./model/protocol.js";

const PHASE_ORDER: Record<Phase, number> = { warmup: 0, learn: 1, steady: 2, change: 3 };

interface Request {
  phase: Phase;
  index: number;
  start: () => void;
}

export class TurnGate {
  /** Runners alive, in registration order (their slot). */
  readonly #slots: number[] = [];
  readonly #waiting = new Map<number, Request>();
  #running: number | null = null;
  #next = 0;

  /** A new runner: no turn is given until it too waits for one (or leaves). */
  join(): number {
    const id = this.#next++;
    this.#slots.push(id);
    return id;
  }

  /** Runner `id` is ready for round (phase, index); `start` runs when its turn comes. */
  request(id: number, phase: Phase, index: number, start: () => void): void {
    this.#waiting.set(id, { phase, index, start });
    this.#pick();
  }

  /** Runner `id` finished its round. */
  done(id: number): void {
    if (this.#running === id) this.#running = null;
    this.#pick();
  }

  /** Runner `id` exited (or failed): nobody waits for it any more. */
  leave(id: number): void {
    const at = this.#slots.indexOf(id);
    if (at >= 0) this.#slots.splice(at, 1);
    this.#waiting.delete(id);
    this.done(id);
  }

  #pick(): void {
    if (this.#running !== null || this.#slots.length === 0) return;
    if (this.#slots.some((id) => !this.#waiting.has(id))) return;
    const n = this.#slots.length;
    const key = (slot: number): [number, number, number] => {
      const r = this.#waiting.get(this.#slots[slot]!)!;
      return [PHASE_ORDER[r.phase], r.index, (((slot - r.index) % n) + n) % n];
    };
    const earlier = (a: number[], b: number[]): boolean => (a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!) < 0;
    let best = 0;
    for (let s = 1; s < n; s++) if (earlier(key(s), key(best))) best = s;
    const id = this.#slots[best]!;
    const r = this.#waiting.get(id)!;
    this.#waiting.delete(id);
    this.#running = id;
    r.start();
  }
}
