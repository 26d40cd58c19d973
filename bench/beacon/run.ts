/**
 * `npm run bench -- --beacon`: hash_tree_root of synthetic mainnet-preset states of growing
 * registries, three ways: quorumpoint's from the bytes, Lodestar's (decode into a tree view,
 * then hash it) and SHA-256 of the bytes, the floor of any digest. Each method and size is
 * measured in a process of its own (pinned to one core unless --all-cores), so its time and
 * its peak RSS over the state's bytes are its own; every root is asserted equal.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadBeaconTypes } from "../../src/beacon/ssz-types.js";
import { toHex } from "../../src/model/hex.js";
import { describeCommit, describeMachine } from "../machine.js";
import { median } from "../model/stats.js";
import type { BeaconBenchOptions } from "./options.js";
import type { ChildResult, Method } from "./methods.js";
import { type RoundsResult, runRounds } from "./rounds.js";
import type { SplitChildResult } from "./split-child.js";
import { syntheticState } from "./synthetic-state.js";

const CHILD = fileURLToPath(new URL("./measure-child.js", import.meta.url));
const SPLIT_CHILD = fileURLToPath(new URL("./split-child.js", import.meta.url));

export interface SizeResult {
  validators: number;
  stateBytes: number;
  /** The devnet's root of the state, which every method's root must equal (SHA-256 excepted). */
  root: string;
  methods: Array<ChildResult & { medianS: number; extraPeakBytes: number }>;
  skipped: Array<{ method: Method; why: string }>;
  /** The same root hashed by 1, 2, 4... threads together (merkle/shared-root.ts), on every core. */
  threads: Array<SplitChildResult & { medianS: number; extraPeakBytes: number }>;
}

export interface BeaconBenchResults {
  date: string;
  command: string;
  commit: string;
  machine: ReturnType<typeof describeMachine>;
  fork: string;
  oneCore: boolean;
  sizes: SizeResult[];
  rounds: RoundsResult | null;
}

function canPin(): boolean {
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function runChild<T>(args: string[], what: string, pin: boolean): T {
  const node = [process.execPath, "--expose-gc", ...args];
  const [cmd, ...rest] = pin ? ["taskset", "-c", "0", ...node] : node;
  const r = spawnSync(cmd!, rest, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr.trim().slice(0, 500)}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as T;
}

function measure(file: string, o: BeaconBenchOptions, method: Method, repeats: number, pin: boolean): ChildResult {
  return runChild<ChildResult>([CHILD, file, o.fork, method, String(repeats)], method, pin);
}

export async function runBeaconBench(o: BeaconBenchOptions, command: string, log: (line: string) => void): Promise<BeaconBenchResults> {
  const { ssz } = await loadBeaconTypes("mainnet");
  const pin = o.oneCore && canPin();
  if (o.oneCore && !pin) log("taskset is not available: measuring on every core");
  const dir = mkdtempSync(path.join(os.tmpdir(), "quorumpoint-beacon-bench-"));
  const machine = describeMachine();
  const sizes: SizeResult[] = [];
  try {
    for (const validators of o.validators) {
      const file = path.join(dir, `state-${validators}.ssz`);
      const state = syntheticState(ssz, o.fork, validators);
      writeFileSync(file, state.bytes);
      const size: SizeResult = { validators, stateBytes: state.bytes.length, root: toHex(state.root), methods: [], skipped: [], threads: [] };
      log(`${validators} validators: ${(state.bytes.length / 1e6).toFixed(1)} MB`);
      for (const method of ["sha256", "quorumpoint", "lodestar"] as const) {
        if (method === "lodestar" && validators > o.lodestarMax) {
          size.skipped.push({ method, why: `over --lodestar-max ${o.lodestarMax}` });
          continue;
        }
        const repeats = method === "lodestar" && validators > o.lodestarOnceAbove ? 1 : o.repeats;
        const r = measure(file, o, method, repeats, pin);
        if (method !== "sha256" && r.root !== size.root) throw new Error(`${method}'s root ${r.root} at ${validators} validators is not the state's ${size.root}`);
        const m = { ...r, medianS: median(r.timesS), extraPeakBytes: Math.max(0, r.peakRssBytes - r.rssBeforeBytes) };
        size.methods.push(m);
        log(`  ${method}: ${m.medianS.toFixed(3)} s (${repeats} run${repeats > 1 ? "s" : ""}), peak RSS +${(m.extraPeakBytes / 1e6).toFixed(0)} MB`);
      }
      for (const threads of o.threads) {
        // Every core: the point is how the threads share them.
        const r = runChild<SplitChildResult>([SPLIT_CHILD, file, o.fork, String(threads), String(o.repeats)], `${threads} threads`, false);
        if (r.root !== size.root) throw new Error(`the root on ${threads} threads ${r.root} at ${validators} validators is not the state's ${size.root}`);
        const t = { ...r, medianS: median(r.timesS), extraPeakBytes: Math.max(0, r.peakRssBytes - r.rssBeforeBytes) };
        size.threads.push(t);
        log(`  ${threads} thread${threads > 1 ? "s" : ""} on one state: ${t.medianS.toFixed(3)} s, helpers hashed ${median(r.helped)} of ${r.units} units, peak RSS +${(t.extraPeakBytes / 1e6).toFixed(0)} MB`);
      }
      sizes.push(size);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let rounds: RoundsResult | null = null;
  if (o.roundsValidators > 0) {
    log(`16 beacon upstreams of ${o.roundsValidators} validators for ${o.roundsSeconds} s`);
    rounds = runRounds(o.roundsValidators, o.roundsSeconds);
  }
  machine.loadEnd = os.loadavg()[0]!;
  return { date: new Date().toISOString().slice(0, 10), command, commit: describeCommit(), machine, fork: o.fork, oneCore: pin, sizes, rounds };
}
