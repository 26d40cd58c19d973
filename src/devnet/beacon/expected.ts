/**
 * What an honest beacon node of the devnet serves now, for tests and the bench to compare
 * against. Plain data (it crosses the worker boundary); roots are 0x hex.
 */
import type { BeaconCheckpoint, BeaconFork } from "../../model/beacon.js";

/** The chain a wrong-network node is on, in `expected(chain)`: honest is 0, forks are 1.. */
export const WRONG_NETWORK_CHAIN = -1;

export interface BeaconExpectedCheckpoint {
  /** 0 honest, k fork k, WRONG_NETWORK_CHAIN the other network. */
  chain: number;
  /** The finalized checkpoint: {epoch, root}; root is the block root of the checkpoint. */
  epoch: number;
  root: string;
  /** epoch * SLOTS_PER_EPOCH: the slot of the state served for the checkpoint. */
  slot: number;
  /** hash_tree_root of that state (advanced through empty slots when the block is older). */
  stateRoot: string;
  /** The checkpoint's block: its slot (< slot when the epoch's first slots were skipped) and its state_root. */
  blockSlot: number;
  blockStateRoot: string;
  fork: BeaconFork;
  /** Byte length of the SSZ state. */
  stateSize: number;
  /** The head state's current_justified checkpoint (epoch + 1). */
  justified: BeaconCheckpoint;
  headSlot: number;
  genesisValidatorsRoot: string;
}
