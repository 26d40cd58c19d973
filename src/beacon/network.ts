/**
 * The beacon network an upstream is on, from its `/eth/v1/config/spec` and
 * `/eth/v1/beacon/genesis` answers, and the rule that two upstreams are on the same one.
 * Strict: a missing or malformed value throws VERIFY_BAD_SPEC / VERIFY_BAD_GENESIS, which
 * the poller reports as that upstream's fault.
 */
import { mainnetPreset } from "@lodestar/params/presets/mainnet";
import { minimalPreset } from "@lodestar/params/presets/minimal";
import { BEACON_FORKS, type BeaconNetwork, type BeaconPreset, type ForkEntry } from "../model/beacon.js";
import { AnswerReader, FAR_FUTURE_EPOCH } from "./json-fields.js";

const PRESETS: Record<BeaconPreset, { SLOTS_PER_HISTORICAL_ROOT: number }> = { mainnet: mainnetPreset, minimal: minimalPreset };

/** The spec's key prefix of each fork after phase0 (`ALTAIR_FORK_VERSION`, `ALTAIR_FORK_EPOCH`, ...). */
function specPrefix(fork: string): string {
  return fork.toUpperCase();
}

/**
 * Forks after phase0, in order. A fork whose keys are both absent is unknown to the node (an
 * older client) and a fork at FAR_FUTURE_EPOCH is not scheduled: both end the schedule, and a
 * later fork scheduled after them is a malformed spec.
 */
function readForks(r: AnswerReader, spec: Record<string, unknown>, genesisForkVersion: string): ForkEntry[] {
  const forks: ForkEntry[] = [{ fork: "phase0", epoch: 0, version: genesisForkVersion }];
  let endedBy: string | null = null;
  for (const fork of BEACON_FORKS.slice(1)) {
    const versionKey = `${specPrefix(fork)}_FORK_VERSION`;
    const epochKey = `${specPrefix(fork)}_FORK_EPOCH`;
    if (spec[versionKey] === undefined && spec[epochKey] === undefined) {
      endedBy ??= fork;
      continue;
    }
    const version = r.hex(spec[versionKey], 4, `data.${versionKey}`);
    const epoch = r.bigUint(spec[epochKey], `data.${epochKey}`);
    if (epoch === FAR_FUTURE_EPOCH) {
      endedBy ??= fork;
      continue;
    }
    if (endedBy !== null) r.fail(`data.${epochKey}`, `schedules ${fork} after ${endedBy}, which is not scheduled`);
    if (epoch > BigInt(Number.MAX_SAFE_INTEGER)) r.fail(`data.${epochKey}`, "exceeds 2^53");
    const previous = forks[forks.length - 1]!;
    if (Number(epoch) < previous.epoch) r.fail(`data.${epochKey}`, `${epoch} is before ${previous.fork}'s epoch ${previous.epoch}`);
    forks.push({ fork, epoch: Number(epoch), version });
  }
  return forks;
}

function readSecondsPerSlot(r: AnswerReader, spec: Record<string, unknown>): number {
  // Newer specs give the slot in milliseconds as well; a node may give only that.
  if (spec.SECONDS_PER_SLOT === undefined && spec.SLOT_DURATION_MS !== undefined) {
    const ms = r.uint(spec.SLOT_DURATION_MS, "data.SLOT_DURATION_MS");
    if (ms === 0 || ms % 1000 !== 0) r.fail("data.SLOT_DURATION_MS", "is not a whole number of seconds");
    return ms / 1000;
  }
  const seconds = r.uint(spec.SECONDS_PER_SLOT, "data.SECONDS_PER_SLOT");
  if (seconds === 0) r.fail("data.SECONDS_PER_SLOT", "is 0");
  return seconds;
}

/** A BeaconNetwork from the bodies of `GET /eth/v1/config/spec` and `GET /eth/v1/beacon/genesis`. */
export function parseBeaconNetwork(specBody: unknown, genesisBody: unknown): BeaconNetwork {
  const s: AnswerReader = new AnswerReader("VERIFY_BAD_SPEC", "config/spec");
  const spec = s.data(specBody);
  const presetBase = s.string(spec.PRESET_BASE, "data.PRESET_BASE");
  if (presetBase !== "mainnet" && presetBase !== "minimal") s.fail("data.PRESET_BASE", `${JSON.stringify(presetBase)} is not a supported preset (mainnet, minimal)`);
  const preset: BeaconPreset = presetBase;
  const slotsPerEpoch = s.uint(spec.SLOTS_PER_EPOCH, "data.SLOTS_PER_EPOCH");
  if (slotsPerEpoch === 0) s.fail("data.SLOTS_PER_EPOCH", "is 0");
  // A preset value, so often left out of the spec; when given it must be the preset's: the state's layout depends on it.
  const presetRoots = PRESETS[preset].SLOTS_PER_HISTORICAL_ROOT;
  const slotsPerHistoricalRoot =
    spec.SLOTS_PER_HISTORICAL_ROOT === undefined ? presetRoots : s.uint(spec.SLOTS_PER_HISTORICAL_ROOT, "data.SLOTS_PER_HISTORICAL_ROOT");
  if (slotsPerHistoricalRoot !== presetRoots) s.fail("data.SLOTS_PER_HISTORICAL_ROOT", `is ${slotsPerHistoricalRoot}, the ${preset} preset's is ${presetRoots}`);
  const genesisForkVersion = s.hex(spec.GENESIS_FORK_VERSION, 4, "data.GENESIS_FORK_VERSION");
  const network: Omit<BeaconNetwork, "genesisTime" | "genesisValidatorsRoot"> = {
    preset,
    configName: s.string(spec.CONFIG_NAME, "data.CONFIG_NAME"),
    secondsPerSlot: readSecondsPerSlot(s, spec),
    slotsPerEpoch,
    slotsPerHistoricalRoot,
    forks: readForks(s, spec, genesisForkVersion),
    genesisForkVersion,
  };

  const g: AnswerReader = new AnswerReader("VERIFY_BAD_GENESIS", "beacon/genesis");
  const genesis = g.data(genesisBody);
  const genesisTime = g.uint(genesis.genesis_time, "data.genesis_time");
  const genesisValidatorsRoot = g.root(genesis.genesis_validators_root, "data.genesis_validators_root");
  const genesisVersion = g.hex(genesis.genesis_fork_version, 4, "data.genesis_fork_version");
  // A chain that starts past phase0 (a devnet with ALTAIR_FORK_EPOCH 0) is at its epoch-0 fork's version from genesis on, and some nodes (Lodestar) say that one.
  const atGenesis = network.forks.filter((f) => f.epoch === 0).map((f) => f.version);
  if (genesisVersion !== genesisForkVersion && !atGenesis.includes(genesisVersion)) {
    g.fail("data.genesis_fork_version", `${genesisVersion} is neither the spec's GENESIS_FORK_VERSION ${genesisForkVersion} nor the version of a fork at epoch 0`);
  }
  return { ...network, genesisTime, genesisValidatorsRoot };
}

function forkSchedule(n: BeaconNetwork): string {
  return n.forks.map((f) => `${f.fork}@${f.epoch}:${f.version}`).join(",");
}

/**
 * The first difference that puts two upstreams on different networks, as a short sentence,
 * or null when they are on the same one. The config name is left out: it is a label, and
 * clients spell a devnet's differently.
 */
export function networkMismatch(a: BeaconNetwork, b: BeaconNetwork): string | null {
  const checks: Array<[string, string | number, string | number]> = [
    ["genesis_validators_root", a.genesisValidatorsRoot, b.genesisValidatorsRoot],
    ["genesis_time", a.genesisTime, b.genesisTime],
    ["preset", a.preset, b.preset],
    ["genesis fork version", a.genesisForkVersion, b.genesisForkVersion],
    ["fork schedule", forkSchedule(a), forkSchedule(b)],
    ["seconds per slot", a.secondsPerSlot, b.secondsPerSlot],
    ["slots per epoch", a.slotsPerEpoch, b.slotsPerEpoch],
    ["slots per historical root", a.slotsPerHistoricalRoot, b.slotsPerHistoricalRoot],
  ];
  for (const [what, x, y] of checks) if (x !== y) return `${what} ${x} != ${y}`;
  return null;
}
