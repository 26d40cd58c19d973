/**
 * The beacon bench's round case: 16 simulated beacon nodes serving a large state to the
 * daemon (rounds-child.ts, in a process of its own with the daemon's flags), summarised as
 * the first round, the steady rounds and the finality changes.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from "../../src/memory/index.js";
import type { RoundLine } from "./rounds-child.js";

const CHILD = fileURLToPath(new URL("./rounds-child.js", import.meta.url));

export interface RoundsResult {
  validators: number;
  seconds: number;
  /** Every round but the last, which close() cuts short. */
  rounds: RoundLine[];
}

/** `pollIntervalMs` overrides the daemon's default (a test's short run). */
export function runRounds(validators: number, seconds: number, pollIntervalMs?: number): RoundsResult {
  const env = { ...process.env, ...Object.fromEntries(DAEMON_ENV.map((kv) => kv.split("=") as [string, string])) };
  const r = spawnSync(process.execPath, [...DAEMON_NODE_FLAGS, CHILD, String(validators), String(seconds), ...(pollIntervalMs === undefined ? [] : [String(pollIntervalMs)])], { encoding: "utf8", env, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`the rounds run failed (exit ${r.status}): ${r.stderr.trim().slice(0, 500)}`);
  const rounds = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as RoundLine);
  return { validators, seconds, rounds: rounds.slice(0, -1) };
}

/**
 * The start-up (every round up to the first that served a state: the first contacts read
 * each node's network, one poll verifies the state, the others prove their bytes), then
 * the steady rounds (nothing new) and the finality changes (a new state served).
 */
export function classifyRounds(r: RoundsResult): { startup: RoundLine[]; steady: RoundLine[]; changes: RoundLine[] } {
  const firstServed = r.rounds.findIndex((x) => x.outcome === "served-new");
  const startup = firstServed < 0 ? r.rounds : r.rounds.slice(0, firstServed + 1);
  const rest = firstServed < 0 ? [] : r.rounds.slice(firstServed + 1);
  return { startup, steady: rest.filter((x) => x.outcome === "unchanged"), changes: rest.filter((x) => x.outcome === "served-new") };
}
