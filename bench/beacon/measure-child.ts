/**
 * One measurement, in a process of its own so its peak RSS is its own: read a state's
 * bytes from a file, then compute its root `repeats` times by one method and print one
 * JSON line (times, the RSS before the first run and the process's peak, the root).
 *
 *   node --expose-gc dist/bench/beacon/measure-child.js FILE FORK METHOD REPEATS
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { loadBeaconTypes } from "../../src/beacon/ssz-types.js";
import { beaconStateRootFromBytes } from "../../src/beacon/state-root-from-bytes.js";
import { beaconStateRootViaViewDU } from "../../src/beacon/state-root-view.js";
import type { BeaconFork } from "../../src/model/beacon.js";
import { toHex } from "../../src/model/hex.js";
import type { ChildResult, Method } from "./methods.js";

const [file, fork, method, repeats] = process.argv.slice(2) as [string, BeaconFork, Method, string];
const types = await loadBeaconTypes("mainnet");

/**
 * The peak RSS of this process image. Not getrusage's maxrss: Linux carries it over from
 * the parent across fork and exec, so a child of a bench holding a large state would start
 * at the parent's peak. /proc's VmHWM belongs to this image, and writing 5 to clear_refs
 * resets it to the current RSS (resetPeak), so the peak measured is the runs' own.
 */
function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux: below
  }
  return process.resourceUsage().maxRSS * 1024;
}

function resetPeak(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // not Linux, or not allowed: the peak then includes the read
  }
}

/** The file's bytes, read in place into one buffer of its size: the read itself never holds a second copy, so the peak after it is the method's. */
function readState(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const out = new Uint8Array(fstatSync(fd).size);
    for (let at = 0; at < out.length; ) at += readSync(fd, out, at, Math.min(1 << 24, out.length - at), at);
    return out;
  } finally {
    closeSync(fd);
  }
}
const compute: Record<Method, (b: Uint8Array) => Uint8Array> = {
  quorumpoint: (b) => beaconStateRootFromBytes(b, fork, types),
  lodestar: (b) => beaconStateRootViaViewDU(b, fork, types),
  sha256: (b) => createHash("sha256").update(b).digest(),
};
const bytes = readState(file);
globalThis.gc?.();
resetPeak();
const rssBeforeBytes = process.memoryUsage().rss;
const peakBeforeBytes = peakRss();
const timesS: number[] = [];
let root = "";
for (let i = 0; i < Number(repeats); i++) {
  const start = process.hrtime.bigint();
  root = toHex(compute[method](bytes));
  timesS.push(Number(process.hrtime.bigint() - start) / 1e9);
  globalThis.gc?.();
}
const result: ChildResult = { method, timesS, rssBeforeBytes, peakBeforeBytes, peakRssBytes: peakRss(), root };
process.stdout.write(JSON.stringify(result) + "\n");
