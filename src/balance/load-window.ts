/**
 * Load aggregated over a sliding window of rounds: a ring buffer with a running sum (the
 * source's `AggregatedLoad`). It is `ready` only once it has seen `size` rounds since it
 * was made or last reset, so a lane that just began never looks idle because it is young.
 */
export class LoadWindow {
  readonly size: number;
  #ring: Float64Array;
  #next = 0;
  #filled = 0;
  #sum = 0;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be an integer >= 1, got ${size}`);
    this.size = size;
    this.#ring = new Float64Array(size);
  }

  /** Adds one round's load; the oldest round falls out once the window is full. */
  add(value: number): void {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`load must be a finite number >= 0, got ${value}`);
    this.#sum += value - this.#ring[this.#next];
    this.#ring[this.#next] = value;
    this.#next = (this.#next + 1) % this.size;
    if (this.#filled < this.size) this.#filled++;
    // Re-sum once per lap so floating-point drift of the running sum stays bounded.
    if (this.#next === 0) this.#sum = this.#ring.reduce((a, b) => a + b, 0);
  }

  /** Sum of the rounds in the window (fewer than `size` while not ready). */
  get sum(): number {
    return this.#sum;
  }

  /** Rounds seen since creation or the last reset, capped at `size`. */
  get filled(): number {
    return this.#filled;
  }

  get ready(): boolean {
    return this.#filled === this.size;
  }

  /** Forgets everything: the window must fill again before it is ready. */
  reset(): void {
    this.#ring.fill(0);
    this.#next = 0;
    this.#filled = 0;
    this.#sum = 0;
  }
}
