/** The BeaconState root from bytes on the mainnet preset (its own process: the preset is per thread). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { defineStateRootCases } from "./state-root-cases.js";

const types = await loadBeaconTypes("mainnet");

test("this process holds the mainnet preset's types (the cases below are defined in state-root-cases.ts)", () => {
  assert.deepEqual([types.preset, types.slotsPerEpoch, types.slotsPerHistoricalRoot], ["mainnet", 32, 8192]);
});

// Mainnet vectors are large (randao_mixes alone is 2 MiB of random roots): fewer runs.
defineStateRootCases(types, { runs: 4, maxLength: 5 });
