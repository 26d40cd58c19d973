/**
 * The beacon network as its upstreams describe it (`/eth/v1/config/spec`,
 * `/eth/v1/beacon/genesis`), and what a worker proves about one beacon state. Plain data:
 * it crosses threads by structured clone. Roots and versions are 0x-prefixed lowercase hex.
 */

export const BEACON_FORKS = ["phase0", "altair", "bellatrix", "capella", "deneb", "electra", "fulu"] as const;
export type BeaconFork = (typeof BEACON_FORKS)[number];

/** The SSZ preset: it fixes the vector lengths of the state (`@lodestar/params`). */
export type BeaconPreset = "mainnet" | "minimal";

export interface ForkEntry {
  fork: BeaconFork;
  /** First epoch of the fork. */
  epoch: number;
  /** The fork's version, 4 bytes as 0x hex. */
  version: string;
}

export interface BeaconNetwork {
  preset: BeaconPreset;
  /** CONFIG_NAME as the spec says it (mainnet, sepolia, hoodi, minimal, ...). */
  configName: string;
  secondsPerSlot: number;
  slotsPerEpoch: number;
  /** SLOTS_PER_HISTORICAL_ROOT: the length of state.block_roots. */
  slotsPerHistoricalRoot: number;
  /** Scheduled forks, ascending by epoch, phase0 at 0 first; a fork at FAR_FUTURE_EPOCH is left out. */
  forks: ForkEntry[];
  genesisTime: number;
  genesisValidatorsRoot: string;
  genesisForkVersion: string;
}

/** A beacon checkpoint as the beacon API spells it. */
export interface BeaconCheckpoint {
  epoch: number;
  root: string;
}

/** The fork in force at `slot`: the last scheduled fork whose epoch has begun. */
export function forkAtSlot(network: BeaconNetwork, slot: number): ForkEntry {
  const epoch = Math.floor(slot / network.slotsPerEpoch);
  let found = network.forks[0];
  for (const f of network.forks) if (f.epoch <= epoch) found = f;
  if (found === undefined) throw new RangeError("a beacon network has at least its phase0 fork");
  return found;
}

/** What a worker proved about one beacon state from its bytes (src/beacon/verify-state.ts). */
export interface VerifiedBeaconState {
  /** hash_tree_root(state). */
  stateRoot: string;
  slot: number;
  /** The fork in force at `slot`, whose BeaconState type decoded the bytes. */
  fork: BeaconFork;
  /** Root of the block the state is the post-state of: hash_tree_root(latest_block_header, state_root filled). */
  blockRoot: string;
  /** latest_block_header.slot; below `slot` when the state was advanced through empty slots. */
  blockSlot: number;
  /** The filled header's state_root: what that block's own state_root field says. */
  blockStateRoot: string;
  /** The state's own checkpoints. */
  finalized: BeaconCheckpoint;
  currentJustified: BeaconCheckpoint;
  previousJustified: BeaconCheckpoint;
  genesisTime: number;
  genesisValidatorsRoot: string;
  /** Byte length of the serialized state. The content digest is the caller's to add. */
  size: number;
}

/** `/eth/v1/beacon/states/{id}/finality_checkpoints`. */
export interface BeaconFinality {
  previousJustified: BeaconCheckpoint;
  currentJustified: BeaconCheckpoint;
  finalized: BeaconCheckpoint;
}

/** `/eth/v1/beacon/headers/{id}`: the block's root and its header. */
export interface BeaconHeaderInfo {
  root: string;
  canonical: boolean;
  slot: number;
  proposerIndex: number;
  parentRoot: string;
  stateRoot: string;
  bodyRoot: string;
  /** BLS signature, 96 bytes as 0x hex. */
  signature: string;
}

/** What a worker read from SignedBeaconBlock bytes (src/beacon/verify-block.ts). */
export interface BeaconBlockSummary {
  /** hash_tree_root(block.message). */
  root: string;
  slot: number;
  stateRoot: string;
  parentRoot: string;
  fork: BeaconFork;
}

/**
 * What the daemon learned of its beacon network from the upstreams agreeing on it, as the
 * beacon API serves it back (`/eth/v1/config/spec`, `/deposit_contract`, `/beacon/genesis`).
 */
export interface BeaconNetworkView {
  network: BeaconNetwork;
  /** The `data` of `/eth/v1/config/spec` as one agreeing upstream answered it (decimal strings and hex). */
  spec: Readonly<Record<string, string>>;
  /** The `data` of `/eth/v1/config/deposit_contract`, or null when that upstream did not serve it. */
  depositContract: { chain_id: string; address: string } | null;
}
