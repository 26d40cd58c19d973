/**
 * A counting semaphore: what the naive and thread-per-upstream configurations use to hold
 * the same cap on polls in flight as the pool's slot table. Waiters start in FIFO order,
 * like the pool's --no-balance queue.
 */
export class Semaphore {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(permits: number) {
    this.#free = permits;
  }

  acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }

  /** Run `fn` under one permit; `fn` may hand it back early with `giveBack` (once; the end frees nothing more). */
  async with<T>(fn: (giveBack: () => void) => Promise<T>): Promise<T> {
    await this.acquire();
    let held = true;
    const giveBack = (): void => {
      if (!held) return;
      held = false;
      this.release();
    };
    try {
      return await fn(giveBack);
    } finally {
      giveBack();
    }
  }
}
