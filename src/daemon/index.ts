/**
 * startDaemon: wires config -> (embedded devnet) -> pool, dispatcher, round pipeline ->
 * HTTP server, and owns start-up and graceful shutdown.
 */
import type { Logger } from "pino";
import { Registry } from "prom-client";
import type { ServeConfig } from "../config/index.js";
import { gcExposed, gcMode, semiSpaceMb } from "../memory/index.js";
import { resolveQuorumConfig } from "../consensus/index.js";
import type { BeaconDevnetHandle, DevnetHandle } from "../devnet/index.js";
import { BeaconNetworks, beaconRootAt } from "../round/beacon-networks.js";
import { BeaconProofs } from "../round/beacon-proofs.js";
import { Dispatcher, type RoundReport } from "../round/dispatcher.js";
import { PollPool } from "../round/pool.js";
import { lanesForPool, type LaneScheduler } from "../balance/index.js";
import { UpstreamStatusBook } from "../round/upstream-status.js";
import type { Upstream } from "../model/upstream.js";
import { buildServer } from "../server/app.js";
import { listenOn } from "../server/listen.js";
import { createMetrics } from "../metrics/metrics.js";
import { StateStore, UpstreamBlocks } from "../store/index.js";
import { roundLogger as logRounds } from "./round-log.js";
import { RoundPipeline } from "./round-pipeline.js";
import { mainThreadStateBytes } from "./state-bytes.js";
import { RoundLoop } from "../round/round-loop.js";

/** How long the first round waits for the poll threads to load their code. */
const WORKERS_READY_TIMEOUT_MS = 10_000;

export interface DaemonModules {
  logger: Logger;
  /** The poll workers' entry (default workers/poll.js); tests pass one that wraps it. */
  pollWorkerFile?: URL;
}

export interface RunningDaemon {
  /** http://bind:port the API listens on. */
  readonly url: string;
  readonly upstreams: readonly Upstream[];
  readonly devnet: DevnetHandle | null;
  /** The embedded devnet with --chain beacon. */
  readonly beaconDevnet: BeaconDevnetHandle | null;
  readonly pipeline: RoundPipeline;
  readonly lanes: LaneScheduler;
  /** Finish or abandon the running round, close the pool, the server and the devnet. Idempotent. */
  close(): Promise<void>;
}

export async function startDaemon(config: ServeConfig, { logger, pollWorkerFile }: DaemonModules): Promise<RunningDaemon> {
  const quorum = resolveQuorumConfig({ quorum: config.quorum, minAgree: config.minAgree, quorumOf: config.quorumOf });
  const networks = config.chain === "beacon" ? new BeaconNetworks(config.upstreams.length + config.devnet) : null;
  const store = new StateStore({ staleAfterMs: config.staleAfterMs, history: config.history, allowFinalityReorg: config.allowFinalityReorg,
    ...(networks ? { historyRootAt: (state: Uint8Array, slot: number) => beaconRootAt(state, slot, networks) } : {}) });

  let devnet: DevnetHandle | null = null;
  let beaconDevnet: BeaconDevnetHandle | null = null;
  const upstreams: Upstream[] = config.upstreams.map((u) => ({ name: u.name, url: u.url, headers: u.headers }));
  if (config.devnet > 0) {
    // Loaded only when asked for: the devnet builds states with the SSZ library, which the
    // daemon's main thread otherwise never needs.
    const { startDevnet } = await import("../devnet/index.js");
    const faults = config.devnetFaults ?? undefined;
    if (config.chain === "beacon") {
      beaconDevnet = await startDevnet({ chain: "beacon", nodes: config.devnet, faults, slotMs: config.slotMs, preset: config.devnetPreset, validators: config.devnetValidators });
    } else devnet = await startDevnet({ nodes: config.devnet, faults, slotMs: config.slotMs, stateMb: config.stateMb });
    const started = (devnet ?? beaconDevnet)!;
    for (const u of started.upstreams) upstreams.push({ name: u.name, url: u.url, path: u.path });
    logger.info({ chain: config.chain, nodes: started.nodes.length, faults: config.devnetFaults }, "embedded devnet started");
  }

  const pool = new PollPool({ upstreams: upstreams.length, workers: config.workers, concurrency: config.pollConcurrency, timeoutMs: config.timeoutMs,
    maxInflightBytes: config.maxInflightBytes, ...(pollWorkerFile ? { workerFile: pollWorkerFile } : {}) });
  const workersReady = pool.ready(WORKERS_READY_TIMEOUT_MS);
  const book = new UpstreamStatusBook(upstreams);
  const lanes = lanesForPool(upstreams.length, config);
  const roundLogger = logger.child({ component: "round" });
  const bytes = mainThreadStateBytes(pool.digestCache);
  const pipeline = new RoundPipeline({
    logger: roundLogger, book, store, bytes, blocks: new UpstreamBlocks(upstreams.length), quorum, lanes,
    timeoutMs: config.timeoutMs,
  });
  const metrics = createMetrics(new Registry(), {
    upstreamNames: upstreams.map((u) => u.name), upstreams: () => book.list(), served: () => store.current(Date.now())?.entry ?? null,
    pool: () => pool.stats, inFlight: () => pool.slots.inFlight(), nowMs: Date.now, lanes: () => lanes.view(),
  });
  pipeline.subscribe(logRounds(roundLogger, book));
  pipeline.subscribe((e) => metrics.observeRound(e.report, e.overrun, e.outcome));
  const proofs = networks ? new BeaconProofs(upstreams.length, config.timeoutMs) : null;
  if (networks && proofs) {
    pipeline.subscribe((e) => {
      for (const o of e.report.outcomes) {
        networks.apply(o);
        proofs.apply(o);
      }
    });
  }
  const dispatcher = new Dispatcher(
    upstreams,
    { concurrency: config.pollConcurrency, timeoutMs: config.timeoutMs, firstContactMs: config.firstContactMs, intervalMs: config.pollIntervalMs, maxStateBytes: config.maxStateBytes },
    { pool, scheduler: lanes, logger: logger.child({ component: "dispatcher" }), onStateBytes: (d, b) => pipeline.onStateBytes(d, b),
      onResult: (round, outcomes, outstanding) => pipeline.onPartial(round, outcomes, outstanding),
      ...(networks && proofs ? { beaconTask: (u: number) => ({ ...networks.taskFor(u), ...proofs.taskFor(u) }) } : {}) },
  );
  const loop = new RoundLoop<RoundReport>(config.pollIntervalMs, {
    runRound: () => dispatcher.runRound(),
    onRound: (report, overrun) => void pipeline.onRound(report, overrun),
    betweenRounds: () => pipeline.reclaim(),
    onError: (err) => logger.error({ err }, "round failed"),
  });

  const server = buildServer({
    logger, nowMs: Date.now, upstreams: () => book.list(), chain: config.chain, ...(networks ? { beacon: () => networks.agreed } : {}), store, rounds: () => pipeline.rounds.list(), metrics, failedRounds: () => pipeline.failedRounds, lanes: () => lanes.view(),
    settings: { quorum: quorum.quorum, minAgree: quorum.minAgree, quorumOf: quorum.quorumOf, pollIntervalMs: config.pollIntervalMs,
      pollConcurrency: config.pollConcurrency, workers: config.workers, staleAfterMs: config.staleAfterMs, pairWindowMs: config.pairWindowMs,
      serving: { maxConnections: config.maxConnections, maxConnectionsPerAddress: config.maxConnectionsPerAddress, sendMinBytesPerS: config.sendMinBytesPerS,
        sendWindowMs: config.sendWindowMs, maxPinnedSuperseded: config.maxPinnedSuperseded } },
  });
  let address: string;
  try {
    // A bad --bind or a taken --port is a ConfigError (one line, exit 2); nothing started stays running.
    address = await listenOn(server, config.bind, config.port);
  } catch (e) {
    await server.close();
    await pool.close();
    await devnet?.close();
    await beaconDevnet?.close();
    throw e;
  }
  logger.info({ url: address, upstreams: upstreams.length, workers: config.workers, concurrency: config.pollConcurrency, gc: gcMode(), semiSpaceMb: semiSpaceMb(), exposeGc: gcExposed() }, "quorumpoint listening");
  // The first round's budgets are the upstreams', not the threads' start-up.
  if (!(await workersReady)) logger.warn({ workers: config.workers, waitedMs: WORKERS_READY_TIMEOUT_MS }, "poll workers not all ready: the first round starts anyway");
  loop.start();

  let closing: Promise<void> | null = null;
  return {
    url: address, upstreams, devnet, beaconDevnet, pipeline, lanes,
    close: () => (closing ??= (async () => {
      const looping = loop.close();
      dispatcher.cutRound(); // abandon the running round now rather than at its deadline
      await looping;
      await server.close();
      await dispatcher.drain();
      await pool.close();
      await devnet?.close();
      await beaconDevnet?.close();
      logger.info("quorumpoint stopped");
    })()),
  };
}
