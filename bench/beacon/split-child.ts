/**
 * One state's root hashed by THREADS threads together, as the poll workers share it
 * (merkle/shared-root.ts): this thread holds the whole body in shared memory and hashes
 * with THREADS - 1 helper threads on the pool's channel. One warm-up run, then REPEATS
 * timed ones; prints one JSON line (times, RSS, the root, units hashed by helpers).
 *
 *   node --expose-gc dist/bench/beacon/split-child.js FILE FORK THREADS REPEATS
 */
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { loadBeaconTypes } from "../../src/beacon/ssz-types.js";
import { beaconStateRootShared } from "../../src/beacon/state-root-from-bytes.js";
import type { BeaconFork } from "../../src/model/beacon.js";
import { toHex } from "../../src/model/hex.js";
import { merkleChannelName } from "../../src/round/pool.js";
import { MerkleChannel } from "../../src/worker/merkle-channel.js";
import { peakRss, readState, resetPeak } from "./process-memory.js";

export interface SplitChildResult {
  threads: number;
  timesS: number[];
  rssBeforeBytes: number;
  peakRssBytes: number;
  root: string;
  units: number;
  /** Units the helper threads hashed, per timed run. */
  helped: number[];
}

const [file, fork, threadsArg, repeats] = process.argv.slice(2) as [string, BeaconFork, string, string];
const threads = Number(threadsArg);
const types = await loadBeaconTypes("mainnet");
const name = merkleChannelName();
const helpers: Worker[] = [];
for (let i = 1; i < threads; i++) {
  const w = new Worker(new URL("./helper-thread.js", import.meta.url), { workerData: { channel: name } });
  helpers.push(w);
  await once(w, "message");
}
const channel = new MerkleChannel(name);
const body = readState(file, true);

async function rootOnce(): Promise<{ root: string; units: number; helped: number }> {
  const job = beaconStateRootShared(body, fork, types, threads > 1 ? channel.announce : null);
  job.received(body.length);
  const root = toHex(await job.finish());
  return { root, ...job.stats };
}

await rootOnce(); // warm-up: every thread loads its code and scratch once
globalThis.gc?.();
resetPeak();
const rssBeforeBytes = process.memoryUsage().rss;
const timesS: number[] = [];
const helped: number[] = [];
let last = { root: "", units: 0, helped: 0 };
for (let i = 0; i < Number(repeats); i++) {
  const start = process.hrtime.bigint();
  last = await rootOnce();
  timesS.push(Number(process.hrtime.bigint() - start) / 1e9);
  helped.push(last.helped);
  globalThis.gc?.();
}
for (const w of helpers) {
  w.postMessage("close");
  await once(w, "exit");
}
channel.close();
const result: SplitChildResult = { threads, timesS, rssBeforeBytes, peakRssBytes: peakRss(), root: last.root, units: last.units, helped };
process.stdout.write(JSON.stringify(result) + "\n");
