/** Public names of devnet/: the simulated lean devnet. */
export { startDevnet } from "./start.js";
export type { DevnetHandle } from "./start.js";
export { DevnetControl } from "./control.js";
export type { DevnetOptions, DevnetConfig } from "./config.js";
export { resolveDevnetConfig } from "./config.js";
export type { NodeInfo, ExpectedCheckpoint } from "./host.js";
export { BEHAVIOURS, MAX_LAG_CHECKPOINTS, resolveBehaviour, describeBehaviours } from "./behaviours.js";
export type { Behaviour, BehaviourName, BehaviourParamsMap } from "./behaviours.js";
export { parseFaultSpec, assignFaults } from "./fault-spec.js";
export type { FaultEntry } from "./fault-spec.js";
export { upstreamsFile, upstreamEntries } from "./upstreams.js";
export type { UpstreamEntry, UpstreamsFile } from "./upstreams.js";
export { PATHS as LEAN_PATHS } from "./lean-routes.js";
