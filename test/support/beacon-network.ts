/** A beacon network for tests, and the spec and genesis answers an upstream on it would give. */
import { BEACON_FORKS, type BeaconFork, type BeaconNetwork, type BeaconPreset, type ForkEntry } from "../../src/model/beacon.js";

const PRESET_SLOTS: Record<BeaconPreset, { slotsPerEpoch: number; slotsPerHistoricalRoot: number }> = {
  mainnet: { slotsPerEpoch: 32, slotsPerHistoricalRoot: 8192 },
  minimal: { slotsPerEpoch: 8, slotsPerHistoricalRoot: 64 },
};

export interface TestNetworkOptions {
  preset: BeaconPreset;
  /** First epoch of each fork after phase0; a fork left out is not scheduled (and neither is any after it). Default: fork i at epoch i. */
  forkEpochs?: Partial<Record<BeaconFork, number>>;
  genesisTime?: number;
  /** Fills genesis_validators_root. */
  seed?: number;
}

/** Fork i's version: 0x0i0000<seed>, distinct per fork and per seed. */
function version(i: number, seed: number): string {
  return "0x" + [i, 0, 0, seed].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function makeBeaconNetwork(o: TestNetworkOptions): BeaconNetwork {
  const seed = o.seed ?? 1;
  const epochs = o.forkEpochs ?? Object.fromEntries(BEACON_FORKS.map((f, i) => [f, i]));
  const forks: ForkEntry[] = [{ fork: "phase0", epoch: 0, version: version(0, seed) }];
  for (const [i, fork] of BEACON_FORKS.entries()) {
    if (i === 0) continue;
    const epoch = epochs[fork];
    if (epoch === undefined) break;
    forks.push({ fork, epoch, version: version(i, seed) });
  }
  return {
    preset: o.preset,
    configName: `test-${o.preset}`,
    secondsPerSlot: 6,
    ...PRESET_SLOTS[o.preset],
    forks,
    genesisTime: o.genesisTime ?? 1_700_000_000,
    genesisValidatorsRoot: "0x" + (0x40 + seed).toString(16).padStart(2, "0").repeat(32),
    genesisForkVersion: forks[0]!.version,
  };
}

const FAR_FUTURE = "18446744073709551615";

/** `GET /eth/v1/config/spec` as a beacon node answers it for `n` (an unscheduled fork at FAR_FUTURE_EPOCH). */
export function specBody(n: BeaconNetwork): { data: Record<string, string> } {
  const data: Record<string, string> = {
    PRESET_BASE: n.preset,
    CONFIG_NAME: n.configName,
    SECONDS_PER_SLOT: String(n.secondsPerSlot),
    SLOTS_PER_EPOCH: String(n.slotsPerEpoch),
    SLOTS_PER_HISTORICAL_ROOT: String(n.slotsPerHistoricalRoot),
    GENESIS_FORK_VERSION: n.genesisForkVersion,
    MAX_EFFECTIVE_BALANCE: "32000000000",
  };
  for (const [i, fork] of BEACON_FORKS.entries()) {
    if (i === 0) continue;
    const entry = n.forks.find((f) => f.fork === fork);
    data[`${fork.toUpperCase()}_FORK_VERSION`] = entry?.version ?? version(i, 0xff);
    data[`${fork.toUpperCase()}_FORK_EPOCH`] = entry === undefined ? FAR_FUTURE : String(entry.epoch);
  }
  return { data };
}

/** `GET /eth/v1/beacon/genesis` for `n`. */
export function genesisBody(n: BeaconNetwork): { data: Record<string, string> } {
  return { data: { genesis_time: String(n.genesisTime), genesis_validators_root: n.genesisValidatorsRoot, genesis_fork_version: n.genesisForkVersion } };
}
