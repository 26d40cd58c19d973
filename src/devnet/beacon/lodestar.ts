/**
 * The beacon SSZ types, loaded for one preset. @lodestar/params fixes its preset the first
 * time it is imported in a thread, so these modules are imported here, dynamically, after
 * the preset is set; every other beacon file takes them as a `Lodestar` argument.
 */
import type * as Params from "@lodestar/params";
import type { ssz as SszTypes } from "@lodestar/types";
import type { BeaconPreset } from "../../model/beacon.js";
import { QuorumpointError } from "../../model/errors.js";
import { useFastHasher } from "../../lean/index.js";

export interface Lodestar {
  ssz: typeof SszTypes;
  params: typeof Params;
}

let loaded: Lodestar | null = null;

/** Load the types for `preset`; DEVNET_PRESET when this thread already runs another one. */
export async function loadLodestar(preset: BeaconPreset): Promise<Lodestar> {
  if (loaded === null) {
    const { setActivePreset, PresetName } = await import("@lodestar/params/setPreset");
    try {
      setActivePreset(preset === "minimal" ? PresetName.minimal : PresetName.mainnet);
    } catch {
      // Already loaded in this thread (LODESTAR_PRESET or an earlier import): checked below.
    }
    const [params, types] = await Promise.all([import("@lodestar/params"), import("@lodestar/types")]);
    loaded = { ssz: types.ssz, params };
    useFastHasher();
  }
  if (loaded.params.ACTIVE_PRESET !== preset) {
    throw new QuorumpointError("DEVNET_PRESET", `this thread's SSZ preset is ${loaded.params.ACTIVE_PRESET}, not ${preset}`);
  }
  return loaded;
}
