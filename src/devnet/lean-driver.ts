/**
 * The lean chain behind the devnet host: the chain set, which checkpoint each behaviour
 * serves, and finality every `finalityEverySlots` slots.
 */
import { toHex } from "../lean/index.js";
import type { CheckpointJson } from "../model/outcome.js";
import type { Behaviour } from "./behaviours.js";
import { ChainSet } from "./chains.js";
import type { ServedRef } from "./chains.js";
import type { DevnetConfig } from "./config.js";
import type { ChainDriver } from "./driver.js";
import { LeanRoutes } from "./lean-routes.js";
import type { NodeRoutes } from "./node-server.js";
import { renderCheckpoint } from "./render.js";

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

export class LeanDriver implements ChainDriver<ExpectedCheckpoint> {
  readonly #config: DevnetConfig;
  readonly #chains: ChainSet;
  #slotTicks = 0;

  constructor(config: DevnetConfig) {
    this.#config = config;
    this.#chains = new ChainSet({ plan: config.plan, finalityEverySlots: config.finalityEverySlots, genesisTime: config.genesisTime });
  }

  routes(_index: number, behaviour: () => Behaviour): NodeRoutes {
    const chains = this.#chains;
    return new LeanRoutes({
      snapshot: () => chains.snapshot(this.#ref(behaviour())),
      justified: () => {
        const r = this.#ref(behaviour());
        return chains.checkpoint({ chain: r.chain, index: r.index + 1 });
      },
      validatorCount: this.#config.plan.validators,
    });
  }

  tick(): boolean {
    this.#slotTicks += 1;
    return this.#slotTicks % this.#config.finalityEverySlots === 0 && this.advance();
  }

  advance(): boolean {
    return this.#chains.advance();
  }

  settle(behaviours: readonly Behaviour[]): void {
    const refs = behaviours.map((b) => this.#ref(b));
    this.#chains.retain(refs);
    for (const r of refs) this.#chains.snapshot(r);
  }

  expected(chain: number): ExpectedCheckpoint {
    const chains = this.#chains;
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

  served(b: Behaviour): { chain: number; finalized: CheckpointJson } {
    const ref = this.#ref(b);
    return { chain: ref.chain, finalized: renderCheckpoint(this.#chains.checkpoint(ref)) };
  }

  /** Which checkpoint a node with behaviour `b` serves. */
  #ref(b: Behaviour): ServedRef {
    const chains = this.#chains;
    if (b.name === "lagging") return { chain: 0, index: chains.laggingIndex(b.params.checkpoints) };
    if (b.name === "forked") return { chain: b.params.fork, index: chains.finalizedIndex };
    return { chain: 0, index: chains.finalizedIndex };
  }
}
