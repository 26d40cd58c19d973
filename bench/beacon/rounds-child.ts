/**
 * The daemon (in this process) with --chain beacon on 16 simulated beacon nodes of
 * VALIDATORS validators (mainnet preset), for SECONDS: one JSON line per round (wall time,
 * bytes downloaded, state downloads, claim-only votes, the store's outcome, the main
 * thread's event-loop p99 over the round). The devnet runs in a worker thread of its own.
 *
 *   node --single-threaded-gc --expose-gc dist/bench/beacon/rounds-child.js VALIDATORS SECONDS [POLL_INTERVAL_MS]
 *
 * Every setting is the daemon's default for the beacon chain, the poll interval too unless given.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createLogger, resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";

export interface RoundLine {
  round: number;
  wallMs: number;
  bytes: number;
  /** Polls that downloaded a state (to verify it, or to prove their bytes), and claims that voted without one. */
  downloads: number;
  claims: number;
  ok: number;
  outcome: string;
  servedSlot: number | null;
  loopP99Ms: number;
}

const validators = Number(process.argv[2]);
const seconds = Number(process.argv[3]);
const interval = process.argv[4] === undefined ? {} : { pollIntervalMs: Number(process.argv[4]) };
const { config } = resolveConfig({ chain: "beacon", devnet: 16, devnetValidators: validators, port: 0, logLevel: "silent", ...interval });
const d = await startDaemon(config, { logger: createLogger("silent") });
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
d.pipeline.subscribe((e) => {
  const ok = e.report.outcomes.filter((o) => o.ok);
  const line: RoundLine = {
    round: e.report.round,
    wallMs: e.summary.wallMs,
    bytes: e.report.outcomes.reduce((n, o) => n + o.bytes, 0),
    downloads: ok.filter((o) => o.ok && !o.unchanged && !o.claimOnly).length,
    claims: ok.filter((o) => o.ok && o.claimOnly).length,
    ok: ok.length,
    outcome: e.outcome.kind,
    servedSlot: e.served?.slot ?? null,
    loopP99Ms: eld.percentile(99) / 1e6,
  };
  process.stdout.write(JSON.stringify(line) + "\n");
  eld.reset();
});
await new Promise((r) => setTimeout(r, seconds * 1000));
await d.close();
