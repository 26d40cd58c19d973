/**
 * `startDevnet`: run a simulated devnet in a worker thread and get its URLs and a control
 * handle. The nodes' sockets, timers and state building all live in that worker, so the
 * caller's event loop (the daemon's main thread) never serves them.
 *
 *   const dn = await startDevnet({ nodes: 8, stateMb: 0.2, faults: "blackhole:2" });
 *   dn.urls; await dn.control.setBehaviour(3, "blackhole"); await dn.close();
 *   const bn = await startDevnet({ chain: "beacon", nodes: 4, preset: "minimal", faults: "head-state" });
 */
import { Worker } from "node:worker_threads";
import { releaseProxy, wrap } from "comlink";
import { QuorumpointError } from "../model/errors.js";
import { nodeEndpoint } from "./comlink-endpoint.js";
import { BEACON_PATHS } from "./beacon/paths.js";
import { resolveBeaconDevnetConfig } from "./beacon/config.js";
import type { BeaconDevnetConfig, BeaconDevnetOptions } from "./beacon/config.js";
import type { BeaconExpectedCheckpoint } from "./beacon/expected.js";
import { resolveDevnetConfig } from "./config.js";
import type { DevnetConfig, DevnetOptions } from "./config.js";
import { DevnetControl } from "./control.js";
import type { DevnetApi, ExpectedCheckpoint, NodeInfo } from "./host.js";
import { upstreamEntries } from "./upstreams.js";
import type { UpstreamEntry } from "./upstreams.js";

/** dist/src/devnet/start.js -> dist/workers/devnet-host.js */
const WORKER_URL = new URL("../../workers/devnet-host.js", import.meta.url);
/** How long close() lets the worker shut its servers before terminating it anyway. */
const STOP_GRACE_MS = 5000;

/** A running devnet: lean by default, `DevnetHandle<BeaconExpectedCheckpoint, BeaconDevnetConfig>` for the beacon chain. */
export interface DevnetHandle<E = ExpectedCheckpoint, C = DevnetConfig> {
  readonly config: C;
  /** The nodes as they started. */
  readonly nodes: readonly NodeInfo[];
  /** Base URL of each node, by index (http://127.0.0.1:PORT). */
  readonly urls: readonly string[];
  /** One entry per node: {name, url, path}, the path of the finalized state (lean or beacon). */
  readonly upstreams: readonly UpstreamEntry[];
  readonly control: DevnetControl<E>;
  /** Close every server and socket (held ones too) and end the worker. Idempotent. */
  close(): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export type BeaconDevnetHandle = DevnetHandle<BeaconExpectedCheckpoint, BeaconDevnetConfig>;

/** Start a devnet. Throws ConfigError for bad options, DEVNET_START_FAILED otherwise. */
export function startDevnet(options: BeaconDevnetOptions): Promise<BeaconDevnetHandle>;
export function startDevnet(options: DevnetOptions): Promise<DevnetHandle>;
export function startDevnet(options: DevnetOptions | BeaconDevnetOptions): Promise<DevnetHandle | BeaconDevnetHandle> {
  if (options.chain === "beacon") return run<BeaconExpectedCheckpoint, BeaconDevnetConfig>(resolveBeaconDevnetConfig(options), BEACON_PATHS.finalizedState);
  return run<ExpectedCheckpoint, DevnetConfig>(resolveDevnetConfig(options), undefined);
}

async function run<E, C extends DevnetConfig | BeaconDevnetConfig>(config: C, statePath: string | undefined): Promise<DevnetHandle<E, C>> {
  const worker = new Worker(WORKER_URL, { workerData: config });
  const gone = new Promise<never>((_, reject) => {
    worker.once("error", (e) => reject(new QuorumpointError("DEVNET_WORKER_FAILED", `devnet worker failed: ${message(e)}`, {}, { cause: e })));
    worker.once("exit", (code) => reject(new QuorumpointError("DEVNET_WORKER_EXIT", `devnet worker exited (code ${code})`)));
  });
  gone.catch(() => undefined); // observed through the calls that race it
  const remote = wrap<DevnetApi<E>>(nodeEndpoint(worker));

  let nodes: NodeInfo[];
  try {
    nodes = await Promise.race([remote.start(), gone]);
  } catch (e) {
    await Promise.race([remote.stop(), gone, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]).catch(() => undefined);
    remote[releaseProxy]();
    await worker.terminate();
    throw new QuorumpointError("DEVNET_START_FAILED", `devnet did not start: ${message(e)}`, {}, { cause: e });
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((r) => (timer = setTimeout(r, STOP_GRACE_MS)));
      try {
        await Promise.race([remote.stop(), gone, grace]);
      } catch {
        // the worker is already gone: nothing left to stop
      } finally {
        clearTimeout(timer);
        remote[releaseProxy]();
        await worker.terminate();
      }
    })();
    return closing;
  };

  return {
    config,
    nodes,
    urls: nodes.map((n) => n.url),
    upstreams: upstreamEntries(nodes, statePath),
    control: new DevnetControl<E>(remote, config.nodes, gone, () => closing !== null, config.chain ?? "lean"),
    close,
  };
}
