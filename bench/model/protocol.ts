/**
 * What the bench parent and its runner processes say to each other over the fork IPC
 * channel, and the figures a runner reports. One runner process per configuration x
 * workload, so CPU seconds, peak RSS and event-loop delay belong to that configuration
 * alone; the devnet stays in the parent, so serving the states is never charged to it.
 *
 *   parent -> runner  {type: "poll", spec} | {type: "calibrate", spec}
 *   runner -> parent  {type: "before", phase, index}     before every round
 *   parent -> runner  {type: "go"}                       after advancing finality when phase = "change"
 *   runner -> parent  {type: "round", figures}           after every round
 *   runner -> parent  {type: "done", ...} | {type: "calibrated", ...} | {type: "error", message}
 */
import type { GcMode } from "../../src/memory/index.js";

/** The four configurations, in report order; "naive" is the baseline of every ratio. */
export const CONFIGS = ["naive", "thread", "pool", "quorumpoint"] as const;
export type ConfigName = (typeof CONFIGS)[number];

export const CONFIG_TITLES: Record<ConfigName, string> = {
  naive: "naive (1 thread, Promise.all)",
  thread: "thread-per-upstream",
  pool: "fixed pool (FIFO, --no-balance)",
  quorumpoint: "quorumpoint (as it ships)",
};

/**
 * warmup: first download, not counted; learn: the lane balancer's first window on a fault
 * mix (quorumpoint only), not counted but reported; steady: finality unchanged; change:
 * finality just advanced.
 */
export type Phase = "warmup" | "learn" | "steady" | "change";

export interface RunSpec {
  config: ConfigName;
  urls: string[];
  /** healthy[i]: node i serves honestly (the count of these polled is a figure). */
  healthy: boolean[];
  workers: number;
  cap: number;
  timeoutMs: number;
  intervalMs: number;
  maxStateBytes: number;
  warmupRounds: number;
  /** After the last warm-up round, unchanged unmeasured rounds for this long (0: none). */
  steadyWarmupMs: number;
  /**
   * Idle this long after its turn came and before each measured steady round (0: none).
   * The round's devnetCpuS, taken by the parent from its "go", spans the idle time too.
   */
  steadyGapMs?: number;
  /** Run the configuration's learning rounds (a fault mix) after the warm-up. */
  learn: boolean;
  steadyRounds: number;
  changeRounds: number;
  /** Naive only: run the poll workers' chunk reclaim on its main thread (--naive-reclaim). */
  naiveReclaim: boolean;
}

export interface CalibrateSpec {
  urls: string[];
  /** Parallel GETs while measuring loopback bandwidth (the same cap as the pollers). */
  cap: number;
  /** Measure SHA-256 and merkleization too (once per run is enough). */
  cpu: boolean;
}

export interface Calibration {
  /** Bytes per second received over loopback from the devnet, `cap` GETs at a time. */
  loopbackBytesPerS: number;
  stateBytes: number;
  /** Best seconds for one SHA-256 / one verifyState (merkleization) of a state; null when not measured. */
  sha256S: number | null;
  merkleS: number | null;
  /**
   * CPU seconds per GiB received on one thread through the pollers' boundedGet: bare,
   * collected into one buffer, collected and SHA-256'd. null when not measured.
   */
  receiveCpuSPerGiB: { bare: number; collect: number; digest: number } | null;
  /** Bytes the calibration fetched from the devnet in all (every pass). */
  fetchedBytes: number;
  /**
   * The devnet's CPU seconds per GiB served (the parent's CPU over the whole calibration,
   * over `fetchedBytes`): serving shares the cores with the pollers. null when not measured.
   */
  serveCpuSPerGiB: number | null;
}

/**
 * Node's default event-loop delay resolution, ms: the runner's per-round histogram samples
 * at it (../measure.ts), and the calibration figures of the issue were taken with it.
 */
export const ELD_RESOLUTION_MS = 10;

export interface RoundFigures {
  phase: Phase;
  index: number;
  wallMs: number;
  /** Process CPU (user + system, every thread) during the round. */
  cpuS: number;
  /** Bytes received in the round (all requests of every poll that reported). */
  bytes: number;
  healthyOk: number;
  healthyTotal: number;
  /** ms from the round start until the last successful healthy poll ended; null when none. */
  healthyDoneMs: number | null;
  /**
   * ms from the round start until the daemon's quorum rule (consensus `decideEarly`, default
   * settings) could no longer change over the results that had ended: when the daemon would
   * serve the round's checkpoint. A change round starts just after finality moved, so it is
   * "finality change to served". null when no quorum formed.
   */
  servedMs: number | null;
  /** Main-thread event-loop delay while the round ran, ms (perf_hooks histogram). */
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  rssMb: number;
  /**
   * Minor page faults of the runner during the round (every thread). A steady round that
   * follows idle time faults its isolates' young-generation pages back in: V8 gives them
   * back after each collection once a thread allocates little (bench/results/2026-11-24-notes.md).
   */
  minorFaults?: number;
  /** CPU the parent (the devnet serving) used during the round; filled in by the parent. */
  devnetCpuS?: number;
}

/** A lane scheduler's lanes (configurations 3 and 4, ../engines/shipped.ts). */
export interface LanesSummary {
  lanes: number;
  /** Members per lane, the default lane last. */
  sizes: number[];
  splits: number;
  collapses: number;
}

export interface RunResult {
  config: ConfigName;
  rounds: RoundFigures[];
  /** process.resourceUsage().maxRSS of the runner, MiB. */
  peakRssMb: number;
  /** Worker threads the configuration used (0 for naive). */
  workers: number;
  /** The lanes at the end (configurations 3 and 4). */
  lanes: LanesSummary | null;
  /** V8's garbage collector in the runner, from its own node flags (absent in results before it was recorded). */
  gc?: GcMode;
  /** The runner's --max-semi-space-size, MB; null: V8's own sizing (absent in results before it was recorded). */
  semiSpaceMb?: number | null;
}

export type ToRunner = { type: "poll"; spec: RunSpec } | { type: "calibrate"; spec: CalibrateSpec } | { type: "go" };

export type FromRunner =
  | { type: "before"; phase: Phase; index: number }
  | { type: "round"; figures: RoundFigures }
  | { type: "done"; peakRssMb: number; lanes: LanesSummary | null; gc: GcMode; semiSpaceMb: number | null }
  | { type: "calibrated"; calibration: Calibration }
  | { type: "error"; message: string };
