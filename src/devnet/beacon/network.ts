/**
 * The network a simulated beacon chain belongs to (its genesis, fork versions, deposit
 * contract) and the config endpoints' answers built from it. The honest nodes share one;
 * a wrong-network node runs the same chain shape on another.
 */
import { createHash } from "node:crypto";
import { BEACON_FORKS } from "../../model/beacon.js";
import type { BeaconFork, BeaconNetwork, BeaconPreset } from "../../model/beacon.js";
import { toHex } from "../../model/hex.js";
import type { ForkEpochs } from "./config.js";
import type { Lodestar } from "./lodestar.js";

export interface NetworkParams {
  configName: string;
  depositChainId: number;
  depositContract: string;
  /** The fourth byte of every fork version: it tells networks apart. */
  versionTag: number;
  genesisTime: number;
  /** null: hash_tree_root of the genesis validators (the honest network's, computed at start). */
  genesisValidatorsRoot: Uint8Array | null;
}

export const HONEST_NETWORK = { configName: "quorumpoint-devnet", depositChainId: 1337, versionTag: 0x51 } as const;
export const OTHER_NETWORK = { configName: "quorumpoint-other", depositChainId: 7331, versionTag: 0x52 } as const;
/** FAR_FUTURE_EPOCH as the spec endpoint spells it. */
export const FAR_FUTURE = "18446744073709551615";

export function pseudoBytes(label: string, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i * 32 < length; i++) out.set(createHash("sha256").update(`quorumpoint-devnet:${label}:${i}`).digest().subarray(0, length - i * 32), i * 32);
  return out;
}

/** Version of fork number `i` (phase0 = 0) on a network: [i, 0, 0, tag]. */
export function forkVersion(fork: BeaconFork, tag: number): Uint8Array {
  return Uint8Array.of(BEACON_FORKS.indexOf(fork), 0, 0, tag);
}

/** A network with its roots settled: what the endpoints and the states say. */
export class Network {
  readonly params: NetworkParams;
  readonly preset: BeaconPreset;
  readonly forkEpochs: ForkEpochs;
  readonly secondsPerSlot: number;
  readonly genesisValidatorsRoot: Uint8Array;
  readonly #lodestar: Lodestar;

  constructor(lodestar: Lodestar, params: NetworkParams, preset: BeaconPreset, forkEpochs: ForkEpochs, secondsPerSlot: number, registryRoot: Uint8Array) {
    this.#lodestar = lodestar;
    this.params = params;
    this.preset = preset;
    this.forkEpochs = forkEpochs;
    this.secondsPerSlot = secondsPerSlot;
    this.genesisValidatorsRoot = params.genesisValidatorsRoot ?? registryRoot;
  }

  version(fork: BeaconFork): Uint8Array {
    return forkVersion(fork, this.params.versionTag);
  }

  /** The scheduled forks in order; the fork before each one gives its previous version. */
  scheduled(): { fork: BeaconFork; epoch: number; previous: BeaconFork }[] {
    const out: { fork: BeaconFork; epoch: number; previous: BeaconFork }[] = [];
    for (const [i, fork] of BEACON_FORKS.entries()) {
      const epoch = this.forkEpochs[fork];
      if (epoch !== null) out.push({ fork, epoch, previous: BEACON_FORKS[Math.max(0, i - 1)] });
    }
    return out;
  }

  forkAtEpoch(epoch: number): { fork: BeaconFork; epoch: number; previous: BeaconFork } {
    const s = this.scheduled();
    let found = s[0];
    for (const f of s) if (f.epoch <= epoch) found = f;
    return found;
  }

  describe(): BeaconNetwork {
    const p = this.#lodestar.params;
    return {
      preset: this.preset,
      configName: this.params.configName,
      secondsPerSlot: this.secondsPerSlot,
      slotsPerEpoch: p.SLOTS_PER_EPOCH,
      slotsPerHistoricalRoot: p.SLOTS_PER_HISTORICAL_ROOT,
      forks: this.scheduled().map((f) => ({ fork: f.fork, epoch: f.epoch, version: toHex(this.version(f.fork)) })),
      genesisTime: this.params.genesisTime,
      genesisValidatorsRoot: toHex(this.genesisValidatorsRoot),
      genesisForkVersion: toHex(this.version("phase0")),
    };
  }

  /** `/eth/v1/config/spec`: the values clients and checkpointz read, integers as decimal strings. */
  spec(): Record<string, string> {
    const p = this.#lodestar.params;
    const out: Record<string, string> = {
      PRESET_BASE: this.preset,
      CONFIG_NAME: this.params.configName,
      SECONDS_PER_SLOT: String(this.secondsPerSlot),
      SLOTS_PER_EPOCH: String(p.SLOTS_PER_EPOCH),
      SLOTS_PER_HISTORICAL_ROOT: String(p.SLOTS_PER_HISTORICAL_ROOT),
      EPOCHS_PER_HISTORICAL_VECTOR: String(p.EPOCHS_PER_HISTORICAL_VECTOR),
      EPOCHS_PER_SLASHINGS_VECTOR: String(p.EPOCHS_PER_SLASHINGS_VECTOR),
      MAX_EFFECTIVE_BALANCE: String(p.MAX_EFFECTIVE_BALANCE),
      SYNC_COMMITTEE_SIZE: String(p.SYNC_COMMITTEE_SIZE),
      MIN_GENESIS_TIME: String(this.params.genesisTime),
      GENESIS_DELAY: "0",
      GENESIS_FORK_VERSION: toHex(this.version("phase0")),
      DEPOSIT_CONTRACT_ADDRESS: this.params.depositContract,
      DEPOSIT_CHAIN_ID: String(this.params.depositChainId),
      DEPOSIT_NETWORK_ID: String(this.params.depositChainId),
    };
    for (const fork of BEACON_FORKS.slice(1)) {
      const key = fork.toUpperCase();
      const epoch = this.forkEpochs[fork];
      out[`${key}_FORK_VERSION`] = toHex(this.version(fork));
      out[`${key}_FORK_EPOCH`] = epoch === null ? FAR_FUTURE : String(epoch);
    }
    return out;
  }

  /** `/eth/v1/config/fork_schedule`. */
  forkSchedule(): { previous_version: string; current_version: string; epoch: string }[] {
    return this.scheduled().map((f) => ({
      previous_version: toHex(this.version(f.previous)),
      current_version: toHex(this.version(f.fork)),
      epoch: String(f.epoch),
    }));
  }

  genesis(): { genesis_time: string; genesis_validators_root: string; genesis_fork_version: string } {
    return {
      genesis_time: String(this.params.genesisTime),
      genesis_validators_root: toHex(this.genesisValidatorsRoot),
      genesis_fork_version: toHex(this.version("phase0")),
    };
  }
}
