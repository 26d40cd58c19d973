/**
 * The beacon chain behind the devnet host: loads the SSZ types for the preset (first, so
 * @lodestar/params takes it), builds the registry once, and moves the chains one slot per
 * tick; finality follows the head's epoch.
 */
import { toHex } from "../../model/hex.js";
import { QuorumpointError } from "../../model/errors.js";
import type { CheckpointJson } from "../../model/outcome.js";
import type { Behaviour } from "../behaviours.js";
import type { ChainDriver } from "../driver.js";
import type { NodeRoutes } from "../node-server.js";
import { BeaconChainSet } from "./chains.js";
import type { NodeChainView } from "./chains.js";
import { PRESET_SLOTS_PER_EPOCH } from "./config.js";
import type { BeaconDevnetConfig } from "./config.js";
import type { BeaconExpectedCheckpoint } from "./expected.js";
import { WRONG_NETWORK_CHAIN } from "./expected.js";
import { loadLodestar } from "./lodestar.js";
import { buildRegistry } from "./registry.js";
import { BeaconRoutes } from "./routes.js";

export class BeaconDriver implements ChainDriver<BeaconExpectedCheckpoint> {
  readonly #chains: BeaconChainSet;

  constructor(chains: BeaconChainSet) {
    this.#chains = chains;
  }

  routes(_index: number, behaviour: () => Behaviour): NodeRoutes {
    return new BeaconRoutes(() => this.#chains.view(behaviour()));
  }

  tick(): boolean {
    const before = this.#chains.finalizedEpoch;
    this.#chains.step(1);
    return this.#chains.finalizedEpoch !== before;
  }

  /** One epoch on: the finalized checkpoint moves one epoch. */
  advance(): boolean {
    this.#chains.step(this.#chains.slotsPerEpoch);
    return true;
  }

  settle(behaviours: readonly Behaviour[]): void {
    const views = behaviours.map((b) => this.#chains.view(b));
    this.#chains.retain(views);
    for (const [i, v] of views.entries()) {
      const state = v.chain.epochState(v.finalizedEpoch);
      if (state !== undefined) v.chain.snapshot(state);
      if (behaviours[i].name === "head-state") v.chain.staleSnapshot(v.finalizedEpoch);
    }
  }

  expected(chain: number): BeaconExpectedCheckpoint {
    const behaviour: Behaviour = chain === 0 ? { name: "healthy", params: {} } : chain === WRONG_NETWORK_CHAIN ? { name: "wrong-network", params: {} } : { name: "forked", params: { fork: chain } };
    return describe(this.#chains.view(behaviour));
  }

  served(b: Behaviour): { chain: number; finalized: CheckpointJson } {
    const v = this.#chains.view(b);
    const spe = v.chain.slotsPerEpoch;
    return { chain: v.chainId, finalized: { slot: v.finalizedEpoch * spe, root: toHex(v.chain.checkpointRoot(v.finalizedEpoch)) } };
  }
}

function describe(v: NodeChainView): BeaconExpectedCheckpoint {
  const state = v.chain.epochState(v.finalizedEpoch);
  if (state === undefined) throw new RangeError(`no state kept for epoch ${v.finalizedEpoch}`);
  const snap = v.chain.snapshot(state);
  const justified = v.head.value.currentJustifiedCheckpoint as { epoch: number; root: Uint8Array };
  return {
    chain: v.chainId,
    epoch: v.finalizedEpoch,
    root: toHex(snap.block.root),
    slot: snap.slot,
    stateRoot: toHex(snap.root),
    blockSlot: snap.block.slot,
    blockStateRoot: toHex(snap.block.header.stateRoot),
    fork: snap.fork,
    stateSize: snap.size,
    justified: { epoch: justified.epoch, root: toHex(justified.root) },
    headSlot: v.headSlot,
    genesisValidatorsRoot: toHex(v.chain.stepper.network.genesisValidatorsRoot),
  };
}

/** Load the types, build the registry and run the chain to its start epoch. */
export async function createBeaconDriver(config: BeaconDevnetConfig): Promise<BeaconDriver> {
  const lodestar = await loadLodestar(config.preset);
  if (lodestar.params.SLOTS_PER_EPOCH !== PRESET_SLOTS_PER_EPOCH[config.preset]) {
    throw new QuorumpointError("DEVNET_PRESET", `${config.preset} has ${lodestar.params.SLOTS_PER_EPOCH} slots per epoch, not ${PRESET_SLOTS_PER_EPOCH[config.preset]}`);
  }
  return new BeaconDriver(new BeaconChainSet(lodestar, buildRegistry(config.validators), config));
}
