/**
 * Public names of merkle/: SSZ hash_tree_root straight from serialized bytes, with the
 * thread's hasher (the caller installs the native one: lean/hasher.ts). Used by the lean and
 * beacon verifiers and by the devnet that builds states.
 */
export { CHUNK, chunksRoot, depthOf, joinSubtreeRoots, mixInLength } from "./chunks.js";
export { packedContainersRoot, packedLayout } from "./packed-containers.js";
export type { PackedContainerLayout, PackedField } from "./packed-containers.js";
export { planOf, rootByPlan } from "./type-plan.js";
export type { FieldPlan } from "./type-plan.js";
export { exactRoot, exactType } from "./exact-type.js";
export { containerFieldRoots, containerRootFromBytes } from "./container-root.js";
export type { ContainerDescription } from "./container-root.js";
export { SharedContainerRoot, helpSplitJob, isSplitJob } from "./shared-root.js";
export type { SharedRootStats, SplitJob } from "./shared-root.js";
