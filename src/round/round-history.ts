/** What the API and dashboard keep of each round (a bounded ring, newest last). */
export interface RoundSummary {
  round: number;
  startedMs: number;
  wallMs: number;
  deadlineMs: number;
  dispatched: number;
  ok: number;
  failed: number;
  abandoned: number;
  notDispatched: number;
  overrun: boolean;
  /** The store's verdict on this round's quorum: served-new, unchanged, no-quorum, ... */
  outcome: string;
  /** Finalized slot served after this round, or null. */
  servedSlot: number | null;
}

/** Rounds kept for the dashboard chart: 2 minutes at the default 4 s interval, more at faster ones. */
export const ROUND_HISTORY = 240;

export class RoundHistory {
  readonly #items: RoundSummary[] = [];

  push(s: RoundSummary): void {
    this.#items.push(s);
    if (this.#items.length > ROUND_HISTORY) this.#items.shift();
  }

  list(): readonly RoundSummary[] {
    return this.#items;
  }

}
