/**
 * Which beacon upstreams must prove their bytes. A claim of a checkpoint some poll already
 * verified votes without a download (a mainnet state is hundreds of MB), but then a node
 * serving other bytes behind an honest claim would never be seen. So an upstream's bytes
 * are checked (streamed through SHA-256, compared with the verified state's digest) until
 * they have been once, and again every PROVE_EVERY_MS: one download per upstream per hour
 * at most, not one per finality change.
 */
import type { PollOutcome } from "../model/outcome.js";

export const PROVE_EVERY_MS = 3_600_000;

export class BeaconProofs {
  /** When each upstream last served a state's bytes that were checked (0 = never). */
  readonly #provenAtMs: Float64Array;

  constructor(upstreams: number) {
    this.#provenAtMs = new Float64Array(upstreams);
  }

  /** Its next poll must bring its own bytes, even for a checkpoint already verified. */
  due(u: number, nowMs = Date.now()): boolean {
    const at = this.#provenAtMs[u]!;
    return at === 0 || nowMs - at >= PROVE_EVERY_MS;
  }

  apply(o: PollOutcome): void {
    // A poll that downloaded (to verify, or to prove) checked its bytes; a claim or a repeat did not.
    if (o.ok && !o.unchanged && !o.claimOnly) this.#provenAtMs[o.upstream] = o.endedMs;
  }
}
