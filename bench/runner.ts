/**
 * A runner process: forked by the bench parent for one configuration x workload (or for
 * the calibration). It builds that configuration's engine, runs the rounds the parent
 * paces (the parent advances finality before each "change" round), measures each round
 * and reports it, then exits. See model/protocol.ts for the messages.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { gcMode, semiSpaceMb } from "../src/memory/v8-gc.js";
import { createEngine, type Engine } from "./engines/index.js";
import { measureRound } from "./measure.js";
import type { FromRunner, LanesSummary, Phase, RunSpec, ToRunner } from "./model/protocol.js";

function send(m: FromRunner): Promise<void> {
  return new Promise((resolve, reject) => process.send!(m, (e: Error | null) => (e ? reject(e) : resolve())));
}

let waitingForGo: (() => void) | null = null;

/** Tell the parent a round is about to start and wait until it says go. */
function before(phase: Phase, index: number): Promise<void> {
  const go = new Promise<void>((resolve) => (waitingForGo = resolve));
  return send({ type: "before", phase, index }).then(() => go);
}

async function runPolls(spec: RunSpec): Promise<void> {
  const engine: Engine = await createEngine(spec.config, {
    urls: spec.urls, workers: spec.workers, cap: spec.cap, timeoutMs: spec.timeoutMs, intervalMs: spec.intervalMs, maxStateBytes: spec.maxStateBytes,
    naiveReclaim: spec.naiveReclaim,
  });
  let lanes: LanesSummary | null = null;
  try {
    const learn = spec.learn ? (engine.learningRounds ?? 0) : 0;
    const phases: Array<[Phase, number]> = [["warmup", spec.warmupRounds], ["learn", learn], ["steady", spec.steadyRounds], ["change", spec.changeRounds]];
    for (const [phase, count] of phases) {
      for (let i = 0; i < count; i++) {
        await before(phase, i);
        if (phase === "steady" && spec.steadyGapMs) await sleep(spec.steadyGapMs);
        const figures = await measureRound(phase, i, spec.healthy, () => engine.runRound());
        await engine.settle();
        if (phase === "warmup" && i === count - 1) await keepWarming(engine, spec.steadyWarmupMs);
        await send({ type: "round", figures });
      }
    }
  } finally {
    lanes = engine.lanes?.() ?? null;
    await engine.close();
  }
  await send({ type: "done", peakRssMb: process.resourceUsage().maxRSS / 1024, lanes, gc: gcMode(), semiSpaceMb: semiSpaceMb() });
}

/**
 * More unchanged rounds, unmeasured, for `ms`: the steady path's code runs a few hundred
 * times a round-trip cheaper than a download, so it needs many rounds to be as
 * JIT-compiled as in a daemon that has polled for hours (measured: quorumpoint's steady
 * round fell from ~70 to ~30 ms over its first 40 rounds). Nothing changes between them.
 */
async function keepWarming(engine: Engine, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await engine.runRound();
    await engine.settle();
  }
}

async function handle(m: ToRunner): Promise<void> {
  if (m.type === "go") {
    const go = waitingForGo;
    waitingForGo = null;
    go?.();
    return;
  }
  try {
    if (m.type === "poll") await runPolls(m.spec);
    else {
      // Loaded only by the calibration runner: it needs undici and the SSZ library, a poll runner may not.
      const { calibrate } = await import("./calibrate.js");
      await send({ type: "calibrated", calibration: await calibrate(m.spec) });
    }
  } catch (e) {
    await send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  process.disconnect();
  // Anything still holding the loop (a socket closing) must not keep the process: the parent waits for exit.
  setTimeout(() => process.exit(0), 2000).unref();
}

if (!process.send) {
  console.error("bench/runner.js is started by bench/main.js (npm run bench), not directly");
  process.exit(2);
}
process.on("message", (m: ToRunner) => void handle(m));
