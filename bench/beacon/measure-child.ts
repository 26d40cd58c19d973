/**
 * One measurement, in a process of its own so its peak RSS is its own: read a state's
 * bytes from a file, then compute its root `repeats` times by one method and print one
 * JSON line (times, the RSS before the first run and the process's peak, the root).
 *
 *   node --expose-gc dist/bench/beacon/measure-child.js FILE FORK METHOD REPEATS
 */
import { createHash } from "node:crypto";
import { loadBeaconTypes } from "../../src/beacon/ssz-types.js";
import { beaconStateRootFromBytes } from "../../src/beacon/state-root-from-bytes.js";
import { beaconStateRootViaViewDU } from "../../src/beacon/state-root-view.js";
import type { BeaconFork } from "../../src/model/beacon.js";
import { toHex } from "../../src/model/hex.js";
import type { ChildResult, Method } from "./methods.js";
import { peakRss, readState, resetPeak } from "./process-memory.js";

const [file, fork, method, repeats] = process.argv.slice(2) as [string, BeaconFork, Method, string];
const types = await loadBeaconTypes("mainnet");

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
