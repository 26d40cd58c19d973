/**
 * `node --expose-gc dist/scripts/beacon-rounds.js [VALIDATORS] [SECONDS]`: the daemon
 * (in this process) with --chain beacon on 16 simulated beacon nodes of VALIDATORS
 * validators (default 1 000 000, mainnet preset), for SECONDS (default 75: two finality
 * changes at 32 s epochs). Prints each round: wall time, bytes downloaded, state downloads
 * (verifying or proving), claim-only votes, the store's outcome, and the main thread's
 * event-loop p99 over the round. The devnet runs in its own worker thread of this process.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createLogger, resolveConfig } from "../src/config/index.js";
import { startDaemon } from "../src/daemon/index.js";

const validators = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 75);
const { config } = resolveConfig({ chain: "beacon", devnet: 16, devnetValidators: validators, port: 0, logLevel: "silent" });
const t0 = Date.now();
const d = await startDaemon(config, { logger: createLogger("silent") });
console.log(`started in ${((Date.now() - t0) / 1000).toFixed(1)} s: 16 nodes, ${validators} validators`);
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
d.pipeline.subscribe((e) => {
  const ok = e.report.outcomes.filter((o) => o.ok);
  const downloads = ok.filter((o) => o.ok && !o.unchanged && !o.claimOnly).length;
  const claims = ok.filter((o) => o.ok && o.claimOnly).length;
  const bytes = e.report.outcomes.reduce((n, o) => n + o.bytes, 0);
  console.log(`round ${e.report.round}: ${e.summary.wallMs} ms, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${downloads} downloads, ${claims} claims, ` +
    `${ok.length}/16 ok, ${e.outcome.kind}, served slot ${e.served?.slot ?? "-"}, event loop p99 ${(eld.percentile(99) / 1e6).toFixed(1)} ms`);
  eld.reset();
});
await new Promise((r) => setTimeout(r, seconds * 1000));
await d.close();
