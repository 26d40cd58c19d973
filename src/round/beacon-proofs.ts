/**
 * Which beacon upstreams must prove their bytes. A claim of a checkpoint some poll already
 * verified votes without a download (a mainnet state is hundreds of MB), but then a node
 * serving other bytes behind an honest claim would never be seen. So an upstream's bytes
 * are checked (streamed through SHA-256, compared with the verified state's digest) until
 * they have been once, and again every PROVE_EVERY_MS.
 *
 * Proofs are a check on the upstream, not the ground of its vote: the vote's checkpoint was
 * verified from bytes already, whoever claims it. So at most MAX_PROOFS_IN_FLIGHT run at
 * once, and an upstream waiting for its turn votes by its claim meanwhile: at start-up
 * sixteen upstreams do not pull sixteen states through one link inside one poll budget.
 * An upstream whose bytes were found to be another state (`wrong_root`) is *disproven*:
 * its claims of verified checkpoints are refused without a download until it proves its
 * bytes again, which it may after RETRY_DISPROVEN_MS.
 */
import type { PollOutcome } from "../model/outcome.js";

export const PROVE_EVERY_MS = 3_600_000;
export const MAX_PROOFS_IN_FLIGHT = 2;
export const RETRY_DISPROVEN_MS = 300_000;

export interface ProofTask {
  /** This poll brings its own bytes for a verified checkpoint (BeaconTask.proveBytes). */
  proveBytes: boolean;
  /** Its bytes were another state's: its claims of verified checkpoints are refused (BeaconTask.disproven). */
  disproven: boolean;
}

export class BeaconProofs {
  /** When each upstream last served a state's bytes that were checked (0 = never). */
  readonly #provenAtMs: Float64Array;
  /** When its bytes were last found to be another state's (0 = not since its last proof). */
  readonly #disprovenAtMs: Float64Array;
  /** When a proof was handed to its running poll (0 = none running). */
  readonly #grantedAtMs: Float64Array;
  /** A grant outlives its poll at most this long, should the poll's outcome never come back. */
  readonly #grantTtlMs: number;

  constructor(upstreams: number, pollBudgetMs = 60_000) {
    this.#provenAtMs = new Float64Array(upstreams);
    this.#disprovenAtMs = new Float64Array(upstreams);
    this.#grantedAtMs = new Float64Array(upstreams);
    this.#grantTtlMs = 2 * pollBudgetMs;
  }

  /** Its bytes are due a check: never checked, checked an hour ago, or disproven a while ago. */
  due(u: number, nowMs = Date.now()): boolean {
    const lied = this.#disprovenAtMs[u]!;
    if (lied > 0) return nowMs - lied >= RETRY_DISPROVEN_MS;
    const at = this.#provenAtMs[u]!;
    return at === 0 || nowMs - at >= PROVE_EVERY_MS;
  }

  /** What the poll about to start for `u` is told; a proof is handed out only while fewer than MAX_PROOFS_IN_FLIGHT run. */
  taskFor(u: number, nowMs = Date.now()): ProofTask {
    const disproven = this.#disprovenAtMs[u]! > 0;
    if (!this.due(u, nowMs) || this.#inFlight(nowMs) >= MAX_PROOFS_IN_FLIGHT) return { proveBytes: false, disproven };
    this.#grantedAtMs[u] = nowMs;
    return { proveBytes: true, disproven: false };
  }

  #inFlight(nowMs: number): number {
    let n = 0;
    for (const at of this.#grantedAtMs) if (at > 0 && nowMs - at < this.#grantTtlMs) n++;
    return n;
  }

  apply(o: PollOutcome): void {
    const u = o.upstream;
    this.#grantedAtMs[u] = 0;
    if (!o.ok && o.code === "wrong_root") this.#disprovenAtMs[u] = o.endedMs || Date.now();
    // A poll that downloaded (to verify, or to prove) checked its bytes; a claim or a repeat did not.
    if (o.ok && !o.unchanged && !o.claimOnly) {
      this.#provenAtMs[u] = o.endedMs;
      this.#disprovenAtMs[u] = 0;
    }
  }
}
