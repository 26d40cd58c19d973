/** Public names of devnet/: the simulated lean devnet and the simulated beacon devnet. */
export { startDevnet } from "./start.js";
export type { DevnetHandle, BeaconDevnetHandle } from "./start.js";
export { DevnetControl } from "./control.js";
export type { DevnetOptions, DevnetConfig, NodesOptions } from "./config.js";
export { resolveDevnetConfig } from "./config.js";
export type { NodeInfo, ExpectedCheckpoint } from "./host.js";
export { BEHAVIOURS, BEACON_BEHAVIOURS, MAX_LAG_CHECKPOINTS, resolveBehaviour, describeBehaviours, behavioursOf } from "./behaviours.js";
export type { Behaviour, BehaviourName, BehaviourParamsMap, DevnetChain } from "./behaviours.js";
export { parseFaultSpec, assignFaults } from "./fault-spec.js";
export type { FaultEntry } from "./fault-spec.js";
export { upstreamsFile, upstreamEntries } from "./upstreams.js";
export type { UpstreamEntry, UpstreamsFile } from "./upstreams.js";
export { PATHS as LEAN_PATHS } from "./lean-routes.js";
export { BEACON_PATHS } from "./beacon/paths.js";
export { resolveBeaconDevnetConfig, parseForkEpochs, MAX_VALIDATORS } from "./beacon/config.js";
export type { BeaconDevnetOptions, BeaconDevnetConfig, ForkEpochs } from "./beacon/config.js";
export { WRONG_NETWORK_CHAIN } from "./beacon/expected.js";
export type { BeaconExpectedCheckpoint } from "./beacon/expected.js";
