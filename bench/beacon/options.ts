/**
 * `npm run bench -- --beacon [flags]`: the beacon state-root benchmark's flags. A bad flag
 * stops it with one line naming it (exit 2), as the main bench does.
 */
import { parseArgs } from "node:util";
import { BEACON_FORKS, type BeaconFork } from "../../src/model/beacon.js";

export interface BeaconBenchOptions {
  validators: number[];
  fork: BeaconFork;
  /** Runs per method and size; the table gives their median. */
  repeats: number;
  /** Lodestar's tree-view path above this many validators runs once, not `repeats` times: it takes seconds and a GB. */
  lodestarOnceAbove: number;
  /** Skip Lodestar's path above this many validators. */
  lodestarMax: number;
  /** Pin every measuring process to one core (taskset -c 0). */
  oneCore: boolean;
  /** Thread counts one state is hashed by together (on every core). */
  threads: number[];
  /** The round case: 16 simulated beacon nodes of this many validators (0: none), for this long. */
  roundsValidators: number;
  roundsSeconds: number;
  outDir: string;
}

export const BEACON_USAGE = `usage: npm run bench -- --beacon [flags]
  --validators LIST        registry sizes (default 100000,500000,1000000)
  --fork NAME              the state's fork, of ${BEACON_FORKS.join(",")} (default electra)
  --repeats N              runs per method and size, median reported (default 3)
  --lodestar-once-above N  Lodestar's path runs once above this many validators (default 500000)
  --lodestar-max N         and not at all above this many (default 1000000)
  --all-cores              do not pin the measuring processes to one core
  --threads LIST           also hash each state by this many threads together (default 1,2,4; 0 for none)
  --rounds-validators N    a daemon polling 16 simulated beacon nodes of N validators (default 1000000; 0 for none)
  --rounds-seconds S       for S seconds (default 100: two finality changes of the mainnet preset)
  --out DIR                where the report goes (default bench/results)`;

export class BeaconUsageError extends Error {}

function int(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new BeaconUsageError(`--${flag} ${raw}: must be an integer in [${min}, ${max}]`);
  return n;
}

export function parseBeaconOptions(argv: string[]): BeaconBenchOptions | "help" {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      beacon: { type: "boolean" }, help: { type: "boolean", short: "h" }, validators: { type: "string" }, fork: { type: "string" },
      repeats: { type: "string" }, "lodestar-once-above": { type: "string" }, "lodestar-max": { type: "string" }, "all-cores": { type: "boolean" }, threads: { type: "string" }, "rounds-validators": { type: "string" }, "rounds-seconds": { type: "string" }, out: { type: "string" },
    },
  });
  if (v.help) return "help";
  const validators = (v.validators ?? "100000,500000,1000000").split(",").map((s) => int("validators", s.trim(), 0, 0, 4_000_000));
  const fork = (v.fork ?? "electra") as BeaconFork;
  if (!BEACON_FORKS.includes(fork)) throw new BeaconUsageError(`--fork ${v.fork}: one of ${BEACON_FORKS.join(", ")}`);
  if (fork === "phase0") throw new BeaconUsageError("--fork phase0: the synthetic registry carries the altair lists; pick altair or later");
  return {
    validators,
    fork,
    repeats: int("repeats", v.repeats, 3, 1, 21),
    lodestarOnceAbove: int("lodestar-once-above", v["lodestar-once-above"], 500_000, 0, 4_000_000),
    lodestarMax: int("lodestar-max", v["lodestar-max"], 1_000_000, 0, 4_000_000),
    oneCore: !(v["all-cores"] ?? false),
    threads: v.threads === "0" ? [] : (v.threads ?? "1,2,4").split(",").map((s) => int("threads", s.trim(), 0, 1, 64)),
    roundsValidators: int("rounds-validators", v["rounds-validators"], 1_000_000, 0, 4_000_000),
    roundsSeconds: int("rounds-seconds", v["rounds-seconds"], 100, 2, 3600),
    outDir: v.out ?? "bench/results",
  };
}
