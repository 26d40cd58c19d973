/**
 * The parent's side of a measurement: the devnet (in this process, in its own worker
 * thread, so the runners are never charged for serving it) and the forked runners. The
 * parent paces each runner: before each "change" round it advances finality on every
 * node and waits until they all serve the new checkpoint; it also samples its own CPU over
 * each round, which is the devnet's serving cost on the same cores. Runners alive together
 * take turns through a TurnGate (turns.ts): one round at a time, never two at once.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DAEMON_NODE_FLAGS } from "../src/memory/index.js";
import { startDevnet, type DevnetHandle } from "../src/devnet/index.js";
import type { BehaviourName } from "../src/devnet/index.js";
import type { Calibration, CalibrateSpec, FromRunner, RoundFigures, RunResult, RunSpec, ToRunner } from "./model/protocol.js";
import type { TurnGate } from "./turns.js";
import { MIX_RULES, type Workload } from "./model/workloads.js";

const RUNNER = fileURLToPath(new URL("./runner.js", import.meta.url));
/** Extra Node flags for the runner processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (profiles every thread). */
const RUNNER_NODE_ARGS = process.env.BENCH_RUNNER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];

export class DevnetSession {
  readonly devnet: DevnetHandle;
  /** Node flags of every runner process: the daemon's V8 flags (memory/v8-gc.ts) unless the run asks for V8's defaults. */
  readonly runnerNodeArgs: readonly string[];
  readonly #behaviours: BehaviourName[];

  private constructor(devnet: DevnetHandle, v8DefaultGc: boolean) {
    this.devnet = devnet;
    this.runnerNodeArgs = [...(v8DefaultGc ? [] : DAEMON_NODE_FLAGS), ...RUNNER_NODE_ARGS];
    this.#behaviours = devnet.nodes.map(() => "healthy");
  }

  /**
   * A devnet of `nodes` honest nodes, finality moved only by `advanceFinality`. Every
   * runner, naive included, runs with the daemon's V8 flags, so the ratios measure threads
   * and scheduling, not a V8 setting only one side has; `v8DefaultGc` drops them for all.
   */
  static async start(nodes: number, stateMb: number, v8DefaultGc = false): Promise<DevnetSession> {
    // Idle connections kept for minutes: a runner waits while the others take their turns,
    // and a daemon polling every few seconds would not reconnect between rounds either.
    return new DevnetSession(await startDevnet({ nodes, stateMb, clock: "paused", keepAliveMs: 120_000 }), v8DefaultGc);
  }

  get urls(): string[] {
    return [...this.devnet.urls];
  }

  /** Give the workload's faulty nodes its behaviour and every other node "healthy". */
  async apply(w: Workload): Promise<void> {
    const bad = new Set(w.faulty);
    const faulty = MIX_RULES[w.mix].behaviour ?? "healthy";
    for (let i = 0; i < this.#behaviours.length; i++) {
      const want: BehaviourName = bad.has(i) ? faulty : "healthy";
      if (this.#behaviours[i] === want) continue;
      await this.devnet.control.setBehaviour(i, want);
      this.#behaviours[i] = want;
    }
  }

  close(): Promise<void> {
    return this.devnet.close();
  }
}

export interface RunHooks {
  /** Called before every round, after finality advanced for a change round. */
  onBefore?: (phase: string, index: number) => void;
  onRound?: (f: RoundFigures) => void;
  /** Rounds wait for their turn here (runners alive together); without one they start at once. */
  gate?: TurnGate;
}

/** Fork a runner, hand it `msg`, serve its requests until it reports; resolves once it exited. */
function withRunner<T>(msg: ToRunner, session: DevnetSession, hooks: RunHooks, finish: (m: FromRunner) => T | undefined): Promise<T> {
  const child = fork(RUNNER, [], { execArgv: [...process.execArgv, ...session.runnerNodeArgs], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const gate = hooks.gate;
  const turn = gate?.join() ?? -1;
  return new Promise<T>((resolve, reject) => {
    let result: T | undefined;
    let failure: Error | null = null;
    let cpu0 = process.cpuUsage();
    child.on("message", (m: FromRunner) => {
      if (m.type === "before") {
        const start = (): void => {
          const advance = m.phase === "change" ? session.devnet.control.advanceFinality() : Promise.resolve();
          advance.then(
            () => {
              hooks.onBefore?.(m.phase, m.index);
              cpu0 = process.cpuUsage();
              child.send({ type: "go" } satisfies ToRunner);
            },
            (e: unknown) => {
              failure = e instanceof Error ? e : new Error(String(e));
              child.kill();
            },
          );
        };
        if (gate) gate.request(turn, m.phase, m.index, start);
        else start();
      } else if (m.type === "round") {
        const c = process.cpuUsage(cpu0);
        hooks.onRound?.({ ...m.figures, devnetCpuS: (c.user + c.system) / 1e6 });
        gate?.done(turn);
      } else if (m.type === "error") {
        failure = new Error(`runner failed: ${m.message}`);
        gate?.leave(turn);
      } else {
        result = finish(m);
        gate?.leave(turn); // its engine is closed: the others need not wait for the process to exit
      }
    });
    child.once("error", (e) => (failure ??= e));
    child.once("exit", (code, signal) => {
      gate?.leave(turn);
      if (failure) reject(failure);
      else if (result === undefined) reject(new Error(`runner exited (code ${code}, signal ${signal}) without a result`));
      else resolve(result);
    });
    child.send(msg);
  });
}

export async function runConfiguration(spec: RunSpec, session: DevnetSession, hooks: RunHooks = {}): Promise<RunResult> {
  const rounds: RoundFigures[] = [];
  const done = await withRunner({ type: "poll", spec }, session, {
    onBefore: hooks.onBefore,
    gate: hooks.gate,
    onRound: (f) => {
      rounds.push(f);
      hooks.onRound?.(f);
    },
  }, (m) => (m.type === "done" ? m : undefined));
  return { config: spec.config, rounds, peakRssMb: done.peakRssMb, workers: spec.workers, lanes: done.lanes, gc: done.gc, semiSpaceMb: done.semiSpaceMb };
}

/**
 * The runner's calibration, plus the devnet's serving CPU per GiB: this process serves the
 * devnet and does nothing else meanwhile, so its CPU over the calibration is serving.
 */
export async function runCalibration(spec: CalibrateSpec, session: DevnetSession): Promise<Calibration> {
  const cpu0 = process.cpuUsage();
  const cal = await withRunner<Calibration>({ type: "calibrate", spec }, session, {}, (m) => (m.type === "calibrated" ? m.calibration : undefined));
  const c = process.cpuUsage(cpu0);
  const serveCpuSPerGiB = cal.fetchedBytes > 0 ? (c.user + c.system) / 1e6 / (cal.fetchedBytes / 2 ** 30) : null;
  return { ...cal, serveCpuSPerGiB };
}
