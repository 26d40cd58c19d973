/**
 * hash_tree_root(BeaconState) of a fork straight from its SSZ bytes. A mainnet state is
 * 150-300 MB, almost all of it the validator registry and the per-validator lists: decoding
 * it into a tree (Lodestar's way, state-root-view.ts) costs seconds and several times the
 * bytes in memory. Here each field is merkleized from its own byte range by a plan drawn
 * from the fork's type (src/merkle/type-plan.ts): the validators are packed into leaf
 * chunks a batch at a time, the basic lists and root vectors are chunked as they lie, and
 * only the small fields go through the library. The extra memory is a few MiB of scratch.
 */
import type { BeaconFork } from "../model/beacon.js";
import { containerFieldRoots, containerRootFromBytes } from "../merkle/container-root.js";
import { SharedContainerRoot, type SplitJob } from "../merkle/shared-root.js";
import { useFastHasher } from "../lean/hasher.js";
import type { BeaconTypes } from "./ssz-types.js";

useFastHasher();

/**
 * hash_tree_root(BeaconState of `fork`) of `bytes`. Throws SSZ_TOO_SHORT, SSZ_BAD_OFFSET or
 * SSZ_INVALID when they are not one.
 */
export function beaconStateRootFromBytes(bytes: Uint8Array, fork: BeaconFork, types: BeaconTypes): Uint8Array {
  return containerRootFromBytes(bytes, types.forks[fork].BeaconState, `${fork} BeaconState`);
}

/** Each field's root, in field order: what a mismatch is narrowed down with. */
export function beaconStateFieldRoots(bytes: Uint8Array, fork: BeaconFork, types: BeaconTypes): Array<{ name: string; root: Uint8Array }> {
  return containerFieldRoots(bytes, types.forks[fork].BeaconState, `${fork} BeaconState`);
}

/**
 * The same root, hashed while the bytes land in `body` (the body's whole buffer, filled in
 * order: call `received(n)` as they do, then `finish()`), by this thread and by whichever
 * threads `announce` reaches (merkle/shared-root.ts). A `body` outside a SharedArrayBuffer
 * is hashed by this thread alone.
 */
export function beaconStateRootShared(body: Uint8Array, fork: BeaconFork, types: BeaconTypes, announce: ((job: SplitJob) => void) | null): SharedContainerRoot {
  return new SharedContainerRoot(types.forks[fork].BeaconState, body, `${fork} BeaconState`, announce);
}
