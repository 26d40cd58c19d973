/**
 * The beacon chain's SSZ types, from @lodestar/types, for one preset.
 *
 * The preset fixes the vector lengths inside the types, and @lodestar/params reads it once,
 * when it is first imported in a thread; after that it is frozen. So this module sets the
 * preset and only then imports the types, dynamically: one preset per thread (a worker
 * thread or a test process), and asking for the other one later is an error, not a silent
 * wrong decode. The `LODESTAR_PRESET` environment variable chooses it the same way for
 * code that imports @lodestar/types statically; either way the preset in force is checked.
 */
import type { ssz as SszNamespace } from "@lodestar/types";
import { BEACON_FORKS, type BeaconFork, type BeaconPreset } from "../model/beacon.js";
import { QuorumpointError } from "../model/errors.js";
import { useFastHasher } from "../lean/hasher.js";

useFastHasher();

/** The whole `ssz` namespace of @lodestar/types (tests and state builders use it directly). */
export type LodestarSsz = typeof SszNamespace;

/** A view decoded from bytes: its root is the root of those bytes, with no value conversion on the way. */
export interface SszViewDU {
  hashTreeRoot(): Uint8Array;
}

/** What verification needs of a container type; @lodestar/types' containers have it all. */
export interface SszContainer {
  readonly fixedSize: number | null;
  readonly minSize: number;
  readonly fieldsEntries: ReadonlyArray<{ fieldName: string; fieldType: { fixedSize: number | null } }>;
  deserializeToViewDU(bytes: Uint8Array): SszViewDU;
  hashTreeRoot(value: never): Uint8Array;
}

export interface BeaconForkTypes {
  fork: BeaconFork;
  BeaconState: SszContainer;
  SignedBeaconBlock: SszContainer;
  /** The signed block's `message`. */
  BeaconBlock: SszContainer;
  /** Offset of each BeaconState field in the fixed part (for a variable-size field: of its offset word). */
  stateFieldOffsets: Readonly<Record<string, number>>;
}

export interface BeaconTypes {
  preset: BeaconPreset;
  slotsPerEpoch: number;
  slotsPerHistoricalRoot: number;
  /** The same in every fork. */
  BeaconBlockHeader: SszContainer;
  forks: Readonly<Record<BeaconFork, BeaconForkTypes>>;
  ssz: LodestarSsz;
}

/** Field offsets of a container's fixed part: fixed-size fields in place, variable ones by their 4-byte offset. */
export function fixedFieldOffsets(type: SszContainer): Record<string, number> {
  const out: Record<string, number> = {};
  let at = 0;
  for (const { fieldName, fieldType } of type.fieldsEntries) {
    out[fieldName] = at;
    at += fieldType.fixedSize ?? 4;
  }
  return out;
}

let loaded: { preset: BeaconPreset; types: Promise<BeaconTypes> } | null = null;

/**
 * The SSZ types of every fork, phase0..fulu, for `preset`, loaded once per thread.
 * Rejects with CONFIG_BEACON_PRESET when this thread already holds the other preset.
 */
export async function loadBeaconTypes(preset: BeaconPreset): Promise<BeaconTypes> {
  if (loaded !== null) {
    if (loaded.preset !== preset) {
      throw new QuorumpointError(
        "CONFIG_BEACON_PRESET",
        `this thread already loaded the beacon SSZ types for the ${loaded.preset} preset, not ${preset}: one preset per thread`,
        { loaded: loaded.preset, asked: preset },
      );
    }
    return loaded.types;
  }
  const types = importTypes(preset);
  loaded = { preset, types };
  return types;
}

async function importTypes(preset: BeaconPreset): Promise<BeaconTypes> {
  const { setActivePreset } = await import("@lodestar/params/setPreset");
  try {
    setActivePreset(preset as Parameters<typeof setActivePreset>[0]);
  } catch {
    // @lodestar/params was already imported here (frozen): the check below says whether its preset fits.
  }
  const params = await import("@lodestar/params");
  if (params.ACTIVE_PRESET !== preset) {
    throw new QuorumpointError(
      "CONFIG_BEACON_PRESET",
      `@lodestar/params was loaded in this thread with the ${params.ACTIVE_PRESET} preset before the beacon types asked for ${preset}`,
      { active: params.ACTIVE_PRESET, asked: preset },
    );
  }
  const { ssz } = await import("@lodestar/types");
  const forks = {} as Record<BeaconFork, BeaconForkTypes>;
  for (const fork of BEACON_FORKS) {
    const BeaconState = ssz[fork].BeaconState as unknown as SszContainer;
    forks[fork] = {
      fork,
      BeaconState,
      SignedBeaconBlock: ssz[fork].SignedBeaconBlock as unknown as SszContainer,
      BeaconBlock: ssz[fork].BeaconBlock as unknown as SszContainer,
      stateFieldOffsets: fixedFieldOffsets(BeaconState),
    };
  }
  return {
    preset,
    slotsPerEpoch: params.SLOTS_PER_EPOCH,
    slotsPerHistoricalRoot: params.SLOTS_PER_HISTORICAL_ROOT,
    BeaconBlockHeader: ssz.phase0.BeaconBlockHeader as unknown as SszContainer,
    forks,
    ssz,
  };
}
