/**
 * `startDevnet`: run a simulated devnet in a worker thread and get its URLs and a control
 * handle. The nodes' sockets, timers and state building all live in that worker, so the
 * caller's event loop (the daemon's main thread) never serves them.
 *
 *   const dn = await startDevnet({ nodes: 8, stateMb: 0.2, faults: "blackhole:2" });
 *   dn.urls; await dn.control.setBehaviour(3, "blackhole"); await dn.close();
 */
import { Worker } from "node:worker_threads";
import { releaseProxy, wrap } from "comlink";
import { QuorumpointError } from "../model/errors.js";
import { nodeEndpoint } from "./comlink-endpoint.js";
import { resolveDevnetConfig } from "./config.js";
import type { DevnetConfig, DevnetOptions } from "./config.js";
import { DevnetControl } from "./control.js";
import type { DevnetApi, NodeInfo } from "./host.js";
import { upstreamEntries } from "./upstreams.js";
import type { UpstreamEntry } from "./upstreams.js";

/** dist/src/devnet/start.js -> dist/workers/devnet-host.js */
const WORKER_URL = new URL("../../workers/devnet-host.js", import.meta.url);
/** How long close() lets the worker shut its servers before terminating it anyway. */
const STOP_GRACE_MS = 5000;

export interface DevnetHandle {
  readonly config: DevnetConfig;
  /** The nodes as they started. */
  readonly nodes: readonly NodeInfo[];
  /** Base URL of each node, by index (http://127.0.0.1:PORT). */
  readonly urls: readonly string[];
  /** One entry per node: {name, url, path: "/lean/v0/states/finalized"}. */
  readonly upstreams: readonly UpstreamEntry[];
  readonly control: DevnetControl;
  /** Close every server and socket (held ones too) and end the worker. Idempotent. */
  close(): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Start a devnet. Throws ConfigError for bad options, DEVNET_START_FAILED otherwise. */
export async function startDevnet(options: DevnetOptions): Promise<DevnetHandle> {
  const config = resolveDevnetConfig(options);
  const worker = new Worker(WORKER_URL, { workerData: config });
  const gone = new Promise<never>((_, reject) => {
    worker.once("error", (e) => reject(new QuorumpointError("DEVNET_WORKER_FAILED", `devnet worker failed: ${message(e)}`, {}, { cause: e })));
    worker.once("exit", (code) => reject(new QuorumpointError("DEVNET_WORKER_EXIT", `devnet worker exited (code ${code})`)));
  });
  gone.catch(() => undefined); // observed through the calls that race it
  const remote = wrap<DevnetApi>(nodeEndpoint(worker));

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
    upstreams: upstreamEntries(nodes),
    control: new DevnetControl(remote, config.nodes, gone, () => closing !== null),
    close,
  };
}
