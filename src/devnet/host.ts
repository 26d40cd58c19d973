/**
 * The devnet as it runs inside its worker thread: the node servers, the slot clock and a
 * chain driver (lean-driver.ts, beacon/driver.ts). `DevnetHost` is the object the worker
 * exposes through comlink; the main thread reaches it through `DevnetControl` (control.ts).
 */
import type { CheckpointJson } from "../model/outcome.js";
import { resolveBehaviour } from "./behaviours.js";
import type { BehaviourName } from "./behaviours.js";
import { createBeaconDriver } from "./beacon/driver.js";
import type { BeaconDevnetConfig } from "./beacon/config.js";
import type { DevnetConfig } from "./config.js";
import type { ChainDriver } from "./driver.js";
import { LeanDriver } from "./lean-driver.js";
import type { ExpectedCheckpoint } from "./lean-driver.js";
import { NodeServer } from "./node-server.js";

export type { ExpectedCheckpoint };

export interface NodeInfo {
  index: number;
  name: string;
  /** Base URL, e.g. http://127.0.0.1:5052 (paths are the lean or the beacon API's). */
  url: string;
  port: number;
  behaviour: BehaviourName;
  params: Record<string, unknown>;
  listening: boolean;
  /** Requests received since start. */
  requests: number;
  /** The finalized checkpoint the node serves now: chain 0 is honest, k is fork k. */
  chain: number;
  /** Lean: the checkpoint; beacon: the checkpoint's epoch start slot and its root. */
  finalized: CheckpointJson;
}

/** The control surface the worker exposes (all results are plain, cloneable data). */
export interface DevnetApi<E = ExpectedCheckpoint> {
  start(): Promise<NodeInfo[]>;
  stop(): Promise<void>;
  list(): NodeInfo[];
  setBehaviour(node: number, behaviour: string, params?: Record<string, unknown>): Promise<NodeInfo>;
  pauseFinality(): void;
  resumeFinality(): void;
  /** Finalize `steps` more checkpoints now; resolves once every node serves the new one. */
  advanceFinality(steps?: number): E;
  expected(chain?: number): E;
}

/** What the worker is started with: a lean or a beacon devnet's resolved config. */
export type HostConfig = DevnetConfig | BeaconDevnetConfig;

export function nodeName(index: number): string {
  return `node-${index}`;
}

export class DevnetHost implements DevnetApi<unknown> {
  readonly #config: HostConfig;
  #driver: ChainDriver<unknown> | null = null;
  readonly #nodes: NodeServer[] = [];
  #paused: boolean;
  #clock: NodeJS.Timeout | null = null;

  constructor(config: HostConfig) {
    this.#config = config;
    this.#paused = config.clock === "paused";
  }

  async start(): Promise<NodeInfo[]> {
    const cfg = this.#config;
    const driver: ChainDriver<unknown> = cfg.chain === "beacon" ? await createBeaconDriver(cfg) : new LeanDriver(cfg);
    this.#driver = driver;
    for (let i = 0; i < cfg.nodes; i++) {
      const routes = driver.routes(i, () => this.#nodes[i].behaviour);
      const node = new NodeServer(i, cfg.portBase === 0 ? 0 : cfg.portBase + i, routes, cfg.keepAliveMs);
      this.#nodes.push(node);
      await node.setBehaviour(cfg.behaviours[i]);
    }
    this.#settle();
    this.#clock = setInterval(() => this.#tick(), cfg.slotMs);
    return this.list();
  }

  async stop(): Promise<void> {
    if (this.#clock !== null) clearInterval(this.#clock);
    this.#clock = null;
    await Promise.all(this.#nodes.map((n) => n.shut()));
  }

  list(): NodeInfo[] {
    return this.#nodes.map((n) => this.#info(n));
  }

  async setBehaviour(node: number, behaviour: string, params: Record<string, unknown> = {}): Promise<NodeInfo> {
    const n = this.#nodes[node];
    if (n === undefined) throw new RangeError(`no node ${node} (the devnet has ${this.#nodes.length})`);
    await n.setBehaviour(resolveBehaviour(behaviour, params, this.#config.chain ?? "lean"));
    this.#settle();
    return this.#info(n);
  }

  pauseFinality(): void {
    this.#paused = true;
  }

  resumeFinality(): void {
    this.#paused = false;
  }

  advanceFinality(steps = 1): unknown {
    for (let i = 0; i < steps; i++) if (this.#mustDriver().advance()) this.#settle();
    return this.expected();
  }

  expected(chain = 0): unknown {
    return this.#mustDriver().expected(chain);
  }

  /** A slot passed: the driver moves its chain unless finality is paused. */
  #tick(): void {
    if (!this.#paused && this.#mustDriver().tick()) this.#settle();
  }

  /** Drop what no node serves and build what they do now, not on a request's time. */
  #settle(): void {
    this.#mustDriver().settle(this.#nodes.map((n) => n.behaviour));
  }

  #info(n: NodeServer): NodeInfo {
    const served = this.#mustDriver().served(n.behaviour);
    return {
      index: n.index,
      name: nodeName(n.index),
      url: `http://127.0.0.1:${n.port}`,
      port: n.port,
      behaviour: n.behaviour.name,
      params: { ...n.behaviour.params },
      listening: n.listening,
      requests: n.requests,
      chain: served.chain,
      finalized: served.finalized,
    };
  }

  #mustDriver(): ChainDriver<unknown> {
    if (this.#driver === null) throw new Error("devnet not started");
    return this.#driver;
  }
}
