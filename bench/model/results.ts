/** The bench's results as written to latest.json, and the machine they were measured on. */
import { execFileSync } from "node:child_process";
import os from "node:os";
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

/** HEAD of the checkout the bench is run from, or "unknown" outside one. */
export function describeCommit(cwd = process.cwd()): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "workers"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg()[0]!,
    loadEnd: os.loadavg()[0]!,
  };
}
