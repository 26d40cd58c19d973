/** The bench's results as written to latest.json, and the machine they were measured on (read by ../machine.ts). */
import type { Limit } from "./limit.js";
import type { BenchOptions } from "./options.js";
import type { Calibration, ConfigName, RunResult } from "./protocol.js";
import type { RunSummary } from "./summary.js";
import type { Workload } from "./workloads.js";

export interface ConfigResult {
  config: ConfigName;
  /** Threads that poll (0 = the main thread only). */
  threads: number;
  run: RunResult | null;
  summary: RunSummary | null;
  error: string | null;
}

export interface WorkloadResult {
  workload: Workload;
  /** Loopback bandwidth, SHA-256 and merkleization measured on this workload's devnet. */
  calibration: Calibration;
  /** Necessary work of a change round (healthy upstreams only). */
  limit: Limit | null;
  configs: ConfigResult[];
}

export interface SweepResult {
  nodes: number;
  workers: number;
  result: ConfigResult;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews figures. */
  loadStart: number;
  loadEnd: number;
}

export interface BenchResults {
  version: 1;
  date: string;
  /** The commit measured (git HEAD of the working directory; "+dirty" when src/ or workers/ had changes). */
  commit: string;
  machine: Machine;
  command: string;
  options: BenchOptions;
  workloads: WorkloadResult[];
  sweep: SweepResult[];
  durationS: number;
}
