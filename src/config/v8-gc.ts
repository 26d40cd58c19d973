/**
 * The V8 flag quorumpoint's process runs with: `--single-threaded-gc`.
 *
 * Why: a change round streams ~1 GiB of 64 KiB socket chunks through the poll workers.
 * Every chunk is an ArrayBuffer, so V8 collects all the time (dozens of scavenges and
 * mark-compacts per round, each worker's heap only ~14 MB). With V8's defaults each of
 * those collections also wakes its helper threads (concurrent marking, parallel
 * scavenge, concurrent array-buffer sweeping): per-thread CPU over the bench's change
 * rounds put those threads at 0.5-0.9 CPU-s per round, on the same two cores the workers
 * need. With the flag they spend ~0.03 and the whole round takes 30-40% less CPU and
 * 1.4-1.6x less time (README, Benchmark). Small heaps, many collections: the helpers cost more than they save.
 *
 * It must be on node's command line: V8 reads it when an isolate starts, and setting
 * it at run time (v8.setFlagsFromString) aborts the process at the next collection
 * (measured on Node 20: a failed cppgc check). So the bin's shebang and `npm start` pass
 * it, and a daemon started without it says so once at start-up.
 */
export const SINGLE_THREADED_GC = "--single-threaded-gc";

/** "single-threaded" when node was started with the flag, "helper-threads" (V8's default) otherwise. */
export type GcMode = "single-threaded" | "helper-threads";

export function gcMode(execArgv: readonly string[] = process.execArgv): GcMode {
  // The last spelling wins on node's command line, as for any V8 boolean flag.
  let mode: GcMode = "helper-threads";
  for (const a of execArgv) {
    if (a === SINGLE_THREADED_GC || a === "--single_threaded_gc") mode = "single-threaded";
    else if (a === "--no-single-threaded-gc" || a === "--no-single_threaded_gc") mode = "helper-threads";
  }
  return mode;
}

/** The start-up warning for a process without the flag, or null. */
export function gcWarning(execArgv: readonly string[] = process.execArgv): string | null {
  if (gcMode(execArgv) === "single-threaded") return null;
  return `node was started without ${SINGLE_THREADED_GC}: V8's garbage-collector helper threads will take CPU from the poll workers ` +
    `(change rounds ~1.5x slower on 2 cores; README, Using it). Start it as \`node ${SINGLE_THREADED_GC} dist/src/cli/main.js\`, or through npm start or the bin`;
}
