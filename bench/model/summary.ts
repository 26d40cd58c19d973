/**
 * A run's rounds reduced to the report's figures, per phase: medians (and p95 of wall
 * time) over the measured rounds; the warm-up round is never counted.
 */
import type { Phase, RoundFigures, RunResult } from "./protocol.js";
import { max, median, min, quantile } from "./stats.js";

export interface PhaseSummary {
  rounds: number;
  wallMedMs: number;
  wallP95Ms: number;
  cpuMedS: number;
  bytesMed: number;
  /** Healthy upstreams polled: the worst round and the median round, of healthyTotal. */
  healthyMin: number;
  healthyMed: number;
  healthyTotal: number;
  /** Healthy polls missed, summed over the rounds. */
  healthyMissed: number;
  healthyDoneMedMs: number;
  /** Median "change to served" (RoundFigures.servedMs); NaN for results written before it. */
  servedMedMs: number;
  eldP50MedMs: number;
  eldP99MedMs: number;
  /** The worst round's p99, and the largest single delay seen in any round. */
  eldP99MaxMs: number;
  eldMaxMs: number;
  devnetCpuMedS: number;
}

export interface RunSummary {
  steady: PhaseSummary | null;
  change: PhaseSummary | null;
  peakRssMb: number;
  /** Healthy upstreams polled in each learning round (not counted in the phases). */
  learnHealthy: number[];
}

export function summarizePhase(rounds: readonly RoundFigures[]): PhaseSummary | null {
  if (rounds.length === 0) return null;
  const pick = (f: (r: RoundFigures) => number): number[] => rounds.map(f);
  const done = rounds.map((r) => r.healthyDoneMs).filter((v): v is number => v !== null);
  return {
    rounds: rounds.length,
    wallMedMs: median(pick((r) => r.wallMs)),
    wallP95Ms: quantile(pick((r) => r.wallMs), 0.95),
    cpuMedS: median(pick((r) => r.cpuS)),
    bytesMed: median(pick((r) => r.bytes)),
    healthyMin: min(pick((r) => r.healthyOk)),
    healthyMed: median(pick((r) => r.healthyOk)),
    healthyTotal: rounds[0]!.healthyTotal,
    healthyMissed: rounds.reduce((s, r) => s + (r.healthyTotal - r.healthyOk), 0),
    healthyDoneMedMs: median(done),
    servedMedMs: median(rounds.map((r) => r.servedMs).filter((v): v is number => typeof v === "number")),
    eldP50MedMs: median(pick((r) => r.eldP50Ms)),
    eldP99MedMs: median(pick((r) => r.eldP99Ms)),
    eldP99MaxMs: max(pick((r) => r.eldP99Ms)),
    eldMaxMs: max(pick((r) => r.eldMaxMs)),
    devnetCpuMedS: median(pick((r) => r.devnetCpuS ?? NaN).filter(Number.isFinite)),
  };
}

export function summarizeRun(run: RunResult): RunSummary {
  const of = (p: Phase) => run.rounds.filter((r) => r.phase === p);
  return {
    steady: summarizePhase(of("steady")), change: summarizePhase(of("change")), peakRssMb: run.peakRssMb,
    learnHealthy: of("learn").map((r) => r.healthyOk),
  };
}
