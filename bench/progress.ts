/**
 * Progress on stderr: a single line redrawn with \r when stderr is a terminal, plain
 * lines (one per round) otherwise, so CI logs stay readable.
 */
const WIDTH = 24;

export class Progress {
  readonly #total: number;
  readonly #tty: boolean;
  readonly #t0 = Date.now();
  #done = 0;
  #drawn = false;

  constructor(totalRounds: number, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = Math.max(1, totalRounds);
    this.#tty = stream.isTTY === true;
  }

  /** A round finished: `what` names it (workload, configuration, phase). */
  tick(what: string): void {
    this.#done++;
    this.#draw(what);
  }

  /** A message that is not a round (devnet start, calibration). */
  note(what: string): void {
    this.#draw(what);
  }

  #draw(what: string): void {
    const frac = Math.min(1, this.#done / this.#total);
    const elapsed = Math.round((Date.now() - this.#t0) / 1000);
    const clock = `${Math.floor(elapsed / 60)}m${String(elapsed % 60).padStart(2, "0")}s`;
    const pct = `${Math.round(frac * 100)}%`.padStart(4);
    if (this.#tty) {
      const filled = Math.round(frac * WIDTH);
      const bar = "█".repeat(filled) + "░".repeat(WIDTH - filled);
      const cols = process.stderr.columns ?? 100;
      const line = `${bar} ${pct} ${clock} ${what}`.slice(0, cols - 1);
      process.stderr.write(`\r\x1b[K${line}`);
      this.#drawn = true;
    } else {
      process.stderr.write(`[bench ${pct} ${clock}] ${what}\n`);
    }
  }

  /** Clear the bar before other output. */
  end(): void {
    if (this.#tty && this.#drawn) process.stderr.write("\r\x1b[K");
    this.#drawn = false;
  }
}
