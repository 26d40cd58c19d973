/**
 * The worker-count sweep: quorumpoint's change rounds on the same devnet at each
 * --workers value, and where more threads stop paying: the smallest count whose median
 * is within SWEEP_TOLERANCE of the best (more threads than that buy less than the noise).
 */
import type { SweepResult } from "../model/results.js";
import { mb, ms, num, secs } from "./fmt.js";

/** Round-to-round noise on these machines is several percent: closer than this is a tie. */
export const SWEEP_TOLERANCE = 0.05;

export const SWEEP_HEADER = ["workers", "change med s", "p95 s", "CPU s/change", "loop p99 ms", "peak RSS MB"];

export function sweepRows(sweep: readonly SweepResult[]): string[][] {
  return sweep.map((s) => {
    const c = s.result.summary?.change;
    if (!c) return [String(s.workers), `failed: ${(s.result.error ?? "").split("\n")[0]!.slice(0, 50)}`, "", "", "", ""];
    return [String(s.workers), secs(c.wallMedMs), secs(c.wallP95Ms), num(c.cpuMedS), ms(c.eldP99MedMs), mb(s.result.summary!.peakRssMb)];
  });
}

/** The worker count the sweep argues for, with the reason; null without a sweep. */
export function sweepVerdict(sweep: readonly SweepResult[]): { workers: number; text: string } | null {
  const ok = sweep.filter((s) => s.result.summary?.change).map((s) => ({ w: s.workers, t: s.result.summary!.change!.wallMedMs }));
  if (ok.length === 0) return null;
  const best = ok.reduce((a, b) => (b.t < a.t ? b : a));
  const enough = ok.filter((s) => s.t <= best.t * (1 + SWEEP_TOLERANCE)).reduce((a, b) => (b.w < a.w ? b : a));
  const more = ok.filter((s) => s.w > enough.w).map((s) => `${s.w}: ${secs(s.t)} s`).join(", ");
  return {
    workers: enough.w,
    text: `fastest median ${secs(best.t)} s at ${best.w} workers; ${enough.w} worker${enough.w === 1 ? "" : "s"} come within ${SWEEP_TOLERANCE * 100}% of it` +
      (more ? ` and more stop paying (${more})` : ""),
  };
}
