/**
 * The necessary-work limit of a change round, from this run's own calibration (the issue:
 * "receive + digest every state + merkleize each distinct state once, over the cores"):
 *
 *   transfer = bytes that must arrive (every healthy upstream's state) / loopback bandwidth
 *   cpu      = (serving those bytes + receiving them, bare + SHA-256 of every state
 *               + one merkleization per distinct state) / cores
 *   limit    = max(transfer, cpu)
 *
 * No configuration can finish a change round faster than this on this machine. "Bare"
 * receive is the CPU undici and the kernel spend per byte with the body dropped: copying
 * a body into one buffer is a choice of the poller, not necessary work. Serving is the
 * devnet's CPU per GiB (measured over the calibration): it runs on the same cores in every
 * round of every configuration, so a limit without it could not be reached here.
 */
import type { Calibration } from "./protocol.js";

export interface Limit {
  transferS: number;
  cpuS: number;
  limitS: number;
  cores: number;
  /** What bounds it: "transfer" or "cpu". */
  bound: "transfer" | "cpu";
}

/** Every honest node serves the same state in a change round: one distinct state. */
const DISTINCT_STATES = 1;

export function necessaryWork(healthy: number, cal: Calibration, cores: number): Limit | null {
  if (cal.sha256S === null || cal.merkleS === null || cal.receiveCpuSPerGiB === null || healthy === 0) return null;
  const bytes = healthy * cal.stateBytes;
  const transferS = bytes / cal.loopbackBytesPerS;
  const gib = bytes / 2 ** 30;
  const serveS = gib * (cal.serveCpuSPerGiB ?? 0);
  const receiveS = gib * cal.receiveCpuSPerGiB.bare;
  const cpuS = (serveS + receiveS + healthy * cal.sha256S + DISTINCT_STATES * cal.merkleS) / cores;
  return { transferS, cpuS, limitS: Math.max(transferS, cpuS), cores, bound: transferS >= cpuS ? "transfer" : "cpu" };
}
