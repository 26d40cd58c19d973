/**
 * The V8 flags quorumpoint's process runs with: `--single-threaded-gc` and
 * `--max-semi-space-size=1`.
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
 * Why 1 MB semi-spaces for the main thread (the poll workers set their own young
 * generation, round/pool.ts): it only dispatches, so little of what it allocates lives
 * long, but a round keeps its 64 polls' tasks and promises alive across scavenges, and
 * V8 read that as a high survival rate: over the bench's unchanged rounds it grew the
 * main thread's semi-spaces from 1 to 16 MB, 32 MB of resident pages holding 2-7 MB
 * (`v8.getHeapSpaceStatistics()` in the bench runner). Capped, the new space stays at
 * 2 MB; alternating 5-round runs measured quorumpoint's peak RSS 7 MB lower, its round
 * time unchanged (README, Using it).
 *
 * Both must be on node's command line: V8 reads them when an isolate starts, and setting
 * the GC flag at run time (v8.setFlagsFromString) aborts the process at the next
 * collection (measured on Node 20: a failed cppgc check). So the bin's shebang and
 * `npm start` pass them, and a daemon started without them says so once at start-up.
 */
export const SINGLE_THREADED_GC = "--single-threaded-gc";
export const MAIN_SEMI_SPACE = "--max-semi-space-size=1";
/** What node is started with, in this order, wherever quorumpoint starts it. */
export const DAEMON_NODE_FLAGS: readonly string[] = [SINGLE_THREADED_GC, MAIN_SEMI_SPACE];

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

/**
 * The main thread's maximum semi-space in MB from node's flags (the last one wins), or
 * null when node was started without one (V8 then sizes it itself: up to 16 MB here).
 */
export function semiSpaceMb(execArgv: readonly string[] = process.execArgv): number | null {
  let mb: number | null = null;
  for (let i = 0; i < execArgv.length; i++) {
    const m = /^--max[-_]semi[-_]space[-_]size(?:=(.*))?$/.exec(execArgv[i]!);
    if (!m) continue;
    const value = m[1] ?? execArgv[++i];
    mb = value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  }
  return mb;
}

/** The daemon's flags node was started without (each judged by its effect, not its spelling). */
export function missingDaemonFlags(execArgv: readonly string[] = process.execArgv): string[] {
  const missing: string[] = [];
  if (gcMode(execArgv) !== "single-threaded") missing.push(SINGLE_THREADED_GC);
  if (semiSpaceMb(execArgv) !== 1) missing.push(MAIN_SEMI_SPACE);
  return missing;
}

/** The start-up warning for a process without the daemon's flags, or null. */
export function gcWarning(execArgv: readonly string[] = process.execArgv): string | null {
  const missing = missingDaemonFlags(execArgv);
  if (missing.length === 0) return null;
  const costs = [
    missing.includes(SINGLE_THREADED_GC) ? "V8's garbage-collector helper threads will take CPU from the poll workers (change rounds ~1.5x slower on 2 cores)" : null,
    missing.includes(MAIN_SEMI_SPACE) ? "the main thread's young generation may grow to 32 MB of resident pages" : null,
  ].filter(Boolean).join(", and ");
  return `node was started without ${missing.join(" ")}: ${costs} (README, Using it). ` +
    `Start it as \`node ${DAEMON_NODE_FLAGS.join(" ")} dist/src/cli/main.js\`, or through npm start or the bin`;
}
