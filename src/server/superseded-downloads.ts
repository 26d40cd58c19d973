/**
 * A bound on the superseded states kept alive by downloads in progress.
 *
 * A state download writes from the entry it took (routes/finalized.ts), so its bytes stay
 * referenced until the answer is written, even after the store dropped the entry. A
 * download of the served state is always allowed (it is held anyway). A download of a
 * superseded one (a client pinned to the previous checkpoint by pair-pins.ts, or a
 * `/{slot}` of the history) starts only if that state is already being downloaded (its
 * bytes are kept anyway) or fewer than `max` distinct superseded states are. So slow
 * clients keep at most `max` states beyond the history alive, whatever their number; the
 * send timeout (connection-guard.ts) bounds how long. States are told apart by their
 * digest: the store renews an entry object for the same bytes.
 */
import type { StoreEntry } from "../store/index.js";

export class SupersededDownloads {
  readonly max: number;
  /** Downloads in progress, by state digest. */
  readonly #downloads = new Map<string, number>();

  constructor(max: number) {
    this.max = max;
  }

  /** Whether a download of `entry` may start while `current` is the newest stored entry. */
  admits(entry: StoreEntry, current: StoreEntry | null): boolean {
    if (current === null || entry.digest === current.digest || this.#downloads.has(entry.digest)) return true;
    return this.superseded(current) < this.max;
  }

  /** Distinct states other than `current` with a download in progress. */
  superseded(current: StoreEntry | null): number {
    let n = 0;
    for (const digest of this.#downloads.keys()) if (digest !== current?.digest) n++;
    return n;
  }

  /** Counts a download of `entry` until the returned function is called (idempotent). */
  hold(entry: StoreEntry): () => void {
    const digest = entry.digest;
    this.#downloads.set(digest, (this.#downloads.get(digest) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.#downloads.get(digest) ?? 1) - 1;
      if (left > 0) this.#downloads.set(digest, left);
      else this.#downloads.delete(digest);
    };
  }
}
