/**
 * Beacon devnet options (what callers pass) and the resolved config (what the worker
 * receives). Plain numbers only: the main thread resolves it without loading the SSZ types.
 */
import { BEACON_FORKS } from "../../model/beacon.js";
import type { BeaconFork, BeaconPreset } from "../../model/beacon.js";
import { ConfigError } from "../../model/errors.js";
import { intIn, resolveNodesConfig } from "../config.js";
import type { NodesConfig, NodesOptions } from "../config.js";

/** A fork's activation epoch; null: not scheduled (FAR_FUTURE_EPOCH in the spec). */
export type ForkEpochs = Record<BeaconFork, number | null>;

export interface BeaconDevnetOptions extends NodesOptions {
  chain: "beacon";
  /** SSZ preset (default mainnet; minimal is the Lodestar dev chains'). */
  preset?: BeaconPreset;
  /** Validator count (default 64), up to MAX_VALIDATORS. */
  validators?: number;
  /**
   * Activation epochs of the forks after phase0 (default every fork at 0). A fork left out
   * takes the previous fork's epoch; null leaves it and every later fork unscheduled. A
   * string is the CLI form, `electra=2,fulu=4` or `fulu=none`.
   */
  forks?: Partial<ForkEpochs> | string;
  /** genesis_time in seconds (default: as if the chain had run to startEpoch by now). */
  genesisTime?: number;
  /** The head's epoch when the devnet starts (default 4, so epoch 2 is already finalized). */
  startEpoch?: number;
}

export interface BeaconDevnetConfig extends NodesConfig {
  chain: "beacon";
  preset: BeaconPreset;
  validators: number;
  forkEpochs: ForkEpochs;
  genesisTime: number;
  startEpoch: number;
}

/** Enough for mainnet's registry (about 2.2 million validators in 2026) and then some. */
export const MAX_VALIDATORS = 4_194_304;
/** The presets' SLOTS_PER_EPOCH; the worker checks it against @lodestar/params when it loads. */
export const PRESET_SLOTS_PER_EPOCH: Record<BeaconPreset, number> = { mainnet: 32, minimal: 8 };
const MAX_EPOCH = 2 ** 32;

/** `electra=2,fulu=none` -> { electra: 2, fulu: null }. Throws ConfigError naming `setting`. */
export function parseForkEpochs(text: string, setting = "forks"): Partial<ForkEpochs> {
  const out: Partial<ForkEpochs> = {};
  for (const raw of text.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const m = /^([a-z0-9]+)=(\d+|none)$/.exec(raw);
    const fork = m?.[1] as BeaconFork | undefined;
    if (m === null || fork === undefined || fork === "phase0" || !BEACON_FORKS.includes(fork)) {
      throw new ConfigError(setting, text, `item ${JSON.stringify(raw)} must be fork=epoch|none, fork one of ${BEACON_FORKS.slice(1).join(", ")}`);
    }
    out[fork] = m[2] === "none" ? null : Number(m[2]);
  }
  return out;
}

/** Every fork's epoch, checked to be scheduled in order. */
export function resolveForkEpochs(forks: Partial<ForkEpochs> | string | undefined, setting = "forks"): ForkEpochs {
  const given = typeof forks === "string" ? parseForkEpochs(forks, setting) : (forks ?? {});
  const out = { phase0: 0 } as ForkEpochs;
  let previous: number | null = 0;
  for (const fork of BEACON_FORKS.slice(1)) {
    const v: number | null = given[fork] === undefined ? previous : (given[fork] ?? null);
    if (v !== null && (previous === null || !Number.isSafeInteger(v) || v < previous || v > MAX_EPOCH)) {
      throw new ConfigError(setting, forks, `${fork} at ${v}: forks are scheduled in order (${BEACON_FORKS.join(" <= ")}), after any unscheduled one none is`);
    }
    out[fork] = v;
    previous = v;
  }
  return out;
}

/** Check options and resolve defaults. Throws ConfigError (one line naming the setting). */
export function resolveBeaconDevnetConfig(o: BeaconDevnetOptions, nowMs = Date.now()): BeaconDevnetConfig {
  const common = resolveNodesConfig(o, "beacon", 1000);
  const preset = o.preset ?? "mainnet";
  if (preset !== "mainnet" && preset !== "minimal") throw new ConfigError("preset", preset, `must be "mainnet" or "minimal"`);
  const validators = intIn("validators", o.validators ?? 64, 1, MAX_VALIDATORS);
  const forkEpochs = resolveForkEpochs(o.forks);
  const startEpoch = intIn("start-epoch", o.startEpoch ?? 4, 3, 1_000_000);
  const startSlot = startEpoch * PRESET_SLOTS_PER_EPOCH[preset];
  const genesisTime = o.genesisTime ?? Math.max(0, Math.floor((nowMs - startSlot * common.slotMs) / 1000));
  intIn("genesis-time", genesisTime, 0, 2 ** 40);
  return { ...common, chain: "beacon", preset, validators, forkEpochs, genesisTime, startEpoch };
}
