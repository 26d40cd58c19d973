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
