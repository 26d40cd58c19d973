/**
 * The devnet as it runs inside its worker thread: the chains, the node servers and the
 * finality clock. `DevnetHost` is the object the worker exposes through comlink; the
 * main thread reaches it through `DevnetControl` (control.ts).
 */
import { toHex } from "../lean/index.js";
import type { CheckpointJson } from "../model/outcome.js";
import { resolveBehaviour } from "./behaviours.js";
import type { Behaviour, BehaviourName } from "./behaviours.js";
import { ChainSet } from "./chains.js";
import type { ServedRef } from "./chains.js";
import type { DevnetConfig } from "./config.js";
import { NodeServer } from "./node-server.js";
import { renderCheckpoint } from "./render.js";

export interface NodeInfo {
  index: number;
  name: string;
  /** Base URL, e.g. http://127.0.0.1:5052 (paths are the lean API's). */
  url: string;
  port: number;
  behaviour: BehaviourName;
  params: Record<string, unknown>;
  listening: boolean;
  /** Requests received since start. */
  requests: number;
  /** The finalized checkpoint the node serves now: chain 0 is honest, k is fork k. */
  chain: number;
  finalized: CheckpointJson;
}

/** What an honest node serves now: tests and the bench compare against it. */
export interface ExpectedCheckpoint {
  chain: number;
  /** Finalized checkpoint number since the devnet started (0 at start). */
  index: number;
  finalized: CheckpointJson;
  justified: CheckpointJson;
  /** hash_tree_root of the served state (header state_root zeroed), 0x hex. */
  stateRoot: string;
  stateSize: number;
}

/** The control surface the worker exposes (all results are plain, cloneable data). */
export interface DevnetApi {
  start(): Promise<NodeInfo[]>;
  stop(): Promise<void>;
  list(): NodeInfo[];
  setBehaviour(node: number, behaviour: string, params?: Record<string, unknown>): Promise<NodeInfo>;
  pauseFinality(): void;
  resumeFinality(): void;
  /** Finalize `steps` more checkpoints now; resolves once every node serves the new one. */
  advanceFinality(steps?: number): ExpectedCheckpoint;
  expected(chain?: number): ExpectedCheckpoint;
}

export function nodeName(index: number): string {
  return `node-${index}`;
}

export class DevnetHost implements DevnetApi {
  readonly #config: DevnetConfig;
  #chains: ChainSet | null = null;
  readonly #nodes: NodeServer[] = [];
  #paused: boolean;
  #clock: NodeJS.Timeout | null = null;
  #slotTicks = 0;

  constructor(config: DevnetConfig) {
    this.#config = config;
    this.#paused = config.clock === "paused";
  }

  async start(): Promise<NodeInfo[]> {
    const cfg = this.#config;
    this.#chains = new ChainSet({ plan: cfg.plan, finalityEverySlots: cfg.finalityEverySlots, genesisTime: cfg.genesisTime });
    const chains = this.#chains;
    for (let i = 0; i < cfg.nodes; i++) {
      const ref = (): ServedRef => this.#served(this.#nodes[i].behaviour);
      const node = new NodeServer(i, cfg.portBase === 0 ? 0 : cfg.portBase + i, {
        snapshot: () => chains.snapshot(ref()),
        justified: () => {
          const r = ref();
          return chains.checkpoint({ chain: r.chain, index: r.index + 1 });
        },
        validatorCount: cfg.plan.validators,
      }, cfg.keepAliveMs);
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
    await n.setBehaviour(resolveBehaviour(behaviour, params));
    this.#settle();
    return this.#info(n);
  }

  pauseFinality(): void {
    this.#paused = true;
  }

  resumeFinality(): void {
    this.#paused = false;
  }

  advanceFinality(steps = 1): ExpectedCheckpoint {
    for (let i = 0; i < steps; i++) this.#advance();
    return this.expected();
  }

  expected(chain = 0): ExpectedCheckpoint {
    const chains = this.#mustChains();
    const index = chains.finalizedIndex;
    const snap = chains.snapshot({ chain, index });
    return {
      chain,
      index,
      finalized: { slot: snap.slot, root: toHex(snap.blockRoot) },
      justified: renderCheckpoint(chains.checkpoint({ chain, index: index + 1 })),
      stateRoot: toHex(snap.stateRoot),
      stateSize: snap.state.length,
    };
  }

  /** A slot passed; every `finalityEverySlots` slots finality advances unless paused. */
  #tick(): void {
    this.#slotTicks += 1;
    if (!this.#paused && this.#slotTicks % this.#config.finalityEverySlots === 0) this.#advance();
  }

  #advance(): void {
    if (this.#mustChains().advance()) this.#settle();
  }

  /** Which checkpoint a node with behaviour `b` serves. */
  #served(b: Behaviour): ServedRef {
    const chains = this.#mustChains();
    if (b.name === "lagging") return { chain: 0, index: chains.laggingIndex(b.params.checkpoints) };
    if (b.name === "forked") return { chain: b.params.fork, index: chains.finalizedIndex };
    return { chain: 0, index: chains.finalizedIndex };
  }

  /** Drop what no node serves and serialize what they do now, not on a request's time. */
  #settle(): void {
    const chains = this.#mustChains();
    const refs = this.#nodes.map((n) => this.#served(n.behaviour));
    chains.retain(refs);
    for (const r of refs) chains.snapshot(r);
  }

  #info(n: NodeServer): NodeInfo {
    const ref = this.#served(n.behaviour);
    return {
      index: n.index,
      name: nodeName(n.index),
      url: `http://127.0.0.1:${n.port}`,
      port: n.port,
      behaviour: n.behaviour.name,
      params: { ...n.behaviour.params },
      listening: n.listening,
      requests: n.requests,
      chain: ref.chain,
      finalized: renderCheckpoint(this.#mustChains().checkpoint(ref)),
    };
  }

  #mustChains(): ChainSet {
    if (this.#chains === null) throw new Error("devnet not started");
    return this.#chains;
  }
}
