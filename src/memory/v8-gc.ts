/**
 * The V8 flags quorumpoint's process runs with (MEMORY_POLICY.process, policy.ts says why),
 * and how a running daemon checks it got them. They must be on node's command line: V8
 * reads them when an isolate starts (setting the GC flag at run time aborts the process at
 * its next collection), and node refuses --expose-gc in a worker's execArgv. So the bin's
 * shebang and `npm start` pass them, and a daemon started without them says so once.
 */
import { MEMORY_POLICY } from "./policy.js";

export const SINGLE_THREADED_GC = "--single-threaded-gc";
export const MAIN_SEMI_SPACE = "--max-semi-space-size=1";
export const EXPOSE_GC = "--expose-gc";
/** What node is started with, in this order, wherever quorumpoint starts it. */
export const DAEMON_NODE_FLAGS: readonly string[] = MEMORY_POLICY.process.nodeFlags;
/** The allocator settings set in node's environment, as `NAME=value`, wherever quorumpoint starts it. */
export const DAEMON_ENV: readonly string[] = Object.entries(MEMORY_POLICY.process.allocatorEnv).map(([k, v]) => `${k}=${v}`);

/** "single-threaded" when node was started with the flag, "helper-threads" (V8's default) otherwise. */
export type GcMode = "single-threaded" | "helper-threads";

/** A V8 boolean flag's value on node's command line: the last spelling wins. */
function booleanFlag(execArgv: readonly string[], name: string): boolean {
  const dashes = name.replaceAll("-", "_");
  let on = false;
  for (const a of execArgv) {
    if (a === `--${name}` || a === `--${dashes}`) on = true;
    else if (a === `--no-${name}` || a === `--no-${dashes}`) on = false;
  }
  return on;
}

export function gcMode(execArgv: readonly string[] = process.execArgv): GcMode {
  return booleanFlag(execArgv, "single-threaded-gc") ? "single-threaded" : "helper-threads";
}

/** True when node was started with --expose-gc: every thread has its own `gc()` (memory/reclaim.ts). */
export function gcExposed(execArgv: readonly string[] = process.execArgv): boolean {
  return booleanFlag(execArgv, "expose-gc");
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
  if (!gcExposed(execArgv)) missing.push(EXPOSE_GC);
  return missing;
}

/** The start-up warning for a process without the daemon's flags, or null. */
export function gcWarning(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string | null {
  const missing = [...missingDaemonFlags(execArgv), ...DAEMON_ENV.filter((kv) => `${kv.split("=")[0]}=${env[kv.split("=")[0]!] ?? ""}` !== kv)];
  if (missing.length === 0) return null;
  const costs = [
    missing.some((m) => m.startsWith("MALLOC_")) ? "glibc will keep freed socket chunks in its arenas (a higher peak RSS)" : null,
    missing.includes(SINGLE_THREADED_GC) ? "V8's garbage-collector helper threads will take CPU from the poll workers" : null,
    missing.includes(MAIN_SEMI_SPACE) ? "the main thread's young generation may grow to 32 MB of resident pages" : null,
    missing.includes(EXPOSE_GC) ? "the poll workers cannot reclaim their socket chunks nor the main thread its dropped states (a higher peak RSS)" : null,
  ].filter(Boolean).join(", and ");
  return `node was started without ${missing.join(" ")}: ${costs} (docs/memory.md). ` +
    `Start it as \`${DAEMON_ENV.join(" ")} node ${DAEMON_NODE_FLAGS.join(" ")} dist/src/cli/main.js\`, or through npm start or the bin`;
}
