/**
 * One measurement, in a process of its own so its peak RSS is its own: read a state's
 * bytes from a file, then compute its root `repeats` times by one method and print one
 * JSON line (times, the RSS before the first run and the process's peak, the root).
 *
 *   node --expose-gc dist/bench/beacon/measure-child.js FILE FORK METHOD REPEATS
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { loadBeaconTypes } from "../../src/beacon/ssz-types.js";
import { beaconStateRootFromBytes } from "../../src/beacon/state-root-from-bytes.js";
import { beaconStateRootViaViewDU } from "../../src/beacon/state-root-view.js";
import type { BeaconFork } from "../../src/model/beacon.js";
import { toHex } from "../../src/model/hex.js";
import type { ChildResult, Method } from "./methods.js";

const [file, fork, method, repeats] = process.argv.slice(2) as [string, BeaconFork, Method, string];
const types = await loadBeaconTypes("mainnet");

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
const rssBeforeBytes = process.memoryUsage().rss;
const peakBeforeBytes = process.resourceUsage().maxRSS * 1024;
const timesS: number[] = [];
let root = "";
for (let i = 0; i < Number(repeats); i++) {
  const start = process.hrtime.bigint();
  root = toHex(compute[method](bytes));
  timesS.push(Number(process.hrtime.bigint() - start) / 1e9);
  globalThis.gc?.();
}
const result: ChildResult = { method, timesS, rssBeforeBytes, peakBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, root };
process.stdout.write(JSON.stringify(result) + "\n");
