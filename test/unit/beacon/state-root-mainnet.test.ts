/** The BeaconState root from bytes on the mainnet preset (its own process: the preset is per thread). */
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { defineStateRootCases } from "./state-root-cases.js";

const types = await loadBeaconTypes("mainnet");

// Mainnet vectors are large (randao_mixes alone is 2 MiB of random roots): fewer runs.
defineStateRootCases(types, { runs: 4, maxLength: 5 });
