/**
 * Fixed-rate ticks: round k starts at t0 + k × interval. A round that overruns the
 * interval is followed at once by the next (no catch-up burst: the schedule restarts from
 * now) and counts an overrun. `close()` lets the running round finish, then stops.
 */
export interface RoundLoopHooks<R> {
  runRound(): Promise<R>;
  onRound(report: R, overrun: boolean): void | Promise<void>;
  /** After each round's onRound, before the wait for the next: the place for memory upkeep. */
  betweenRounds?(): void;
  onError(err: unknown): void;
}

export class RoundLoop<R> {
  readonly #intervalMs: number;
  readonly #hooks: RoundLoopHooks<R>;
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  #wake: (() => void) | null = null;
  #done: Promise<void> | null = null;
  overruns = 0;

  constructor(intervalMs: number, hooks: RoundLoopHooks<R>) {
    this.#intervalMs = intervalMs;
    this.#hooks = hooks;
  }

  start(): void {
    if (this.#done) return;
    this.#done = this.#loop();
  }

  async #loop(): Promise<void> {
    let next = Date.now();
    while (!this.#stopped) {
      let ran: { report: R } | null = null;
      try {
        ran = { report: await this.#hooks.runRound() };
      } catch (err) {
        this.#hooks.onError(err);
      }
      next += this.#intervalMs;
      const overrun = Date.now() > next;
      if (overrun) {
        this.overruns++;
        next = Date.now();
      }
      if (ran) {
        try {
          await this.#hooks.onRound(ran.report, overrun);
        } catch (err) {
          this.#hooks.onError(err);
        }
      }
      try {
        this.#hooks.betweenRounds?.();
      } catch (err) {
        this.#hooks.onError(err);
      }
      const wait = next - Date.now();
      if (wait > 0 && !this.#stopped) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          this.#timer = setTimeout(resolve, wait);
        });
        this.#timer = null;
        this.#wake = null;
      }
    }
  }

  /** Stop ticking; resolves once the running round (bounded by its deadline) is done. Idempotent. */
  async close(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wake?.();
    await this.#done;
  }
}
