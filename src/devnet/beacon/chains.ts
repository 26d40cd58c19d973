/**
 * The beacon devnet's chains, moving together slot by slot: the honest chain (0), forks
 * (1..) branched from it one epoch before the finalized one when first needed, and the
 * other network a wrong-network node is on (built from its own genesis when first needed).
 * Which chain and head a node serves is its `NodeChainView`.
 */
import { MAX_LAG_CHECKPOINTS } from "../behaviours.js";
import type { Behaviour } from "../behaviours.js";
import { BeaconChain } from "./chain.js";
import type { BeaconDevnetConfig } from "./config.js";
import { WRONG_NETWORK_CHAIN } from "./expected.js";
import type { Lodestar } from "./lodestar.js";
import { HONEST_NETWORK, Network, OTHER_NETWORK, pseudoBytes } from "./network.js";
import type { Registry } from "./registry.js";
import { StateCodec } from "./state-codec.js";
import { Stepper } from "./stepper.js";
import type { SimState } from "./stepper.js";

/** The finalized checkpoint trails the head's epoch by this many epochs. */
export const FINALITY_LAG_EPOCHS = 2;

/** What one node sees: a chain, and its head on it (older than the chain's when lagging). */
export interface NodeChainView {
  chainId: number;
  chain: BeaconChain;
  headSlot: number;
  head: SimState;
  finalizedEpoch: number;
}

export class BeaconChainSet {
  readonly #l: Lodestar;
  readonly #codec: StateCodec;
  readonly #registry: Registry;
  readonly network: Network;
  readonly honest: BeaconChain;
  readonly #forks = new Map<number, BeaconChain>();
  readonly #config: BeaconDevnetConfig;

  constructor(lodestar: Lodestar, registry: Registry, config: BeaconDevnetConfig) {
    this.#l = lodestar;
    this.#registry = registry;
    this.#config = config;
    this.#codec = new StateCodec(registry.lists);
    this.network = this.#network("honest");
    this.honest = BeaconChain.genesis(new Stepper(lodestar, this.#codec, this.network, registry, 0));
    this.honest.stepTo(config.startEpoch * lodestar.params.SLOTS_PER_EPOCH);
  }

  get slotsPerEpoch(): number {
    return this.#l.params.SLOTS_PER_EPOCH;
  }

  get finalizedEpoch(): number {
    return Math.floor(this.honest.headSlot / this.slotsPerEpoch) - FINALITY_LAG_EPOCHS;
  }

  /** Move every chain `slots` slots on. */
  step(slots: number): void {
    const to = this.honest.headSlot + slots;
    this.honest.stepTo(to);
    for (const c of this.#forks.values()) c.stepTo(to);
  }

  /** Chain 0 honest, k fork k, WRONG_NETWORK_CHAIN the other network; made on first need. */
  chain(id: number): BeaconChain {
    if (id === 0) return this.honest;
    let c = this.#forks.get(id);
    if (c === undefined) {
      if (id === WRONG_NETWORK_CHAIN) {
        c = BeaconChain.genesis(new Stepper(this.#l, this.#codec, this.#network("other"), this.#registry, 0));
      } else {
        const stepper = new Stepper(this.#l, this.#codec, this.network, this.#registry, id);
        c = BeaconChain.branch(this.honest, stepper, Math.max(0, this.finalizedEpoch - 1));
      }
      c.stepTo(this.honest.headSlot);
      this.#forks.set(id, c);
    }
    return c;
  }

  /** The chain and head a node with behaviour `b` serves. */
  view(b: Behaviour): NodeChainView {
    const spe = this.slotsPerEpoch;
    const chainId = b.name === "forked" ? b.params.fork : b.name === "wrong-network" ? WRONG_NETWORK_CHAIN : 0;
    const chain = this.chain(chainId);
    if (b.name === "lagging") {
      const epoch = Math.floor(chain.headSlot / spe) - b.params.checkpoints;
      const head = chain.epochState(epoch);
      if (head !== undefined) return { chainId, chain, headSlot: head.slot, head, finalizedEpoch: epoch - FINALITY_LAG_EPOCHS };
    }
    return { chainId, chain, headSlot: chain.headSlot, head: chain.head, finalizedEpoch: Math.floor(chain.headSlot / spe) - FINALITY_LAG_EPOCHS };
  }

  /**
   * Keep only what `views` (every node's) need: unused forks go; the honest chain keeps
   * MAX_LAG_CHECKPOINTS epochs back, so a node switched to lagging finds its states.
   */
  retain(views: readonly NodeChainView[]): void {
    for (const id of [...this.#forks.keys()]) if (!views.some((v) => v.chainId === id)) this.#forks.delete(id);
    const spe = this.slotsPerEpoch;
    for (const [id, chain] of [[0, this.honest] as const, ...this.#forks]) {
      const mine = views.filter((v) => v.chainId === id);
      const served = new Set(mine.flatMap((v) => [v.finalizedEpoch * spe, v.headSlot]));
      const window = id === 0 ? MAX_LAG_CHECKPOINTS + FINALITY_LAG_EPOCHS + 1 : FINALITY_LAG_EPOCHS + 1;
      const from = Math.min(Math.floor(chain.headSlot / spe) - window, ...mine.map((v) => v.finalizedEpoch - 1));
      chain.prune(from, served);
    }
  }

  #network(which: "honest" | "other"): Network {
    const n = which === "honest" ? HONEST_NETWORK : OTHER_NETWORK;
    const cfg = this.#config;
    return new Network(
      this.#l,
      {
        ...n,
        depositContract: `0x${Buffer.from(pseudoBytes(`deposit-contract:${n.versionTag}`, 20)).toString("hex")}`,
        genesisTime: cfg.genesisTime,
        genesisValidatorsRoot: which === "honest" ? null : pseudoBytes("other-network:genesis-validators-root"),
      },
      cfg.preset,
      cfg.forkEpochs,
      Math.max(1, Math.round(cfg.slotMs / 1000)),
      this.#registry.validatorsRoot,
    );
  }
}
