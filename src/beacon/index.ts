/**
 * Public names of beacon/: the beacon chain's verification, worker side. It loads the SSZ
 * types; the main thread reads verified bytes through src/model/beacon-state-layout.ts instead.
 */
export { loadBeaconTypes, fixedFieldOffsets } from "./ssz-types.js";
export type { BeaconTypes, BeaconForkTypes, SszContainer, SszViewDU, LodestarSsz } from "./ssz-types.js";
export { parseBeaconNetwork, networkMismatch } from "./network.js";
export { parseFinalityCheckpoints, parseBeaconHeader } from "./probe-answers.js";
export { FAR_FUTURE_EPOCH } from "./json-fields.js";
export { verifyBeaconState, beaconStateRoot, checkpointStateMatches, checkPreset } from "./verify-state.js";
export type { StreamedRoot } from "./verify-state.js";
export { beaconStateRootFromBytes, beaconStateFieldRoots, beaconStateRootShared } from "./state-root-from-bytes.js";
export { beaconStateRootViaViewDU } from "./state-root-view.js";
export { readSignedBeaconBlock, blockMatchesState } from "./verify-block.js";
export { blockRootAtSlot, readBeaconStateSlot, BEACON_STATE_LAYOUT, SIGNED_BEACON_BLOCK_LAYOUT } from "../model/beacon-state-layout.js";
