/**
 * hash_tree_root(BeaconState) the way Lodestar computes it: decode the bytes into a
 * persistent-merkle-tree view, then hash the tree. Kept as the reference the from-bytes
 * root (state-root-from-bytes.ts) is tested and benchmarked against, not for verification:
 * it takes seconds and about twice the state's size on a mainnet state, and its Validator
 * records are hashed from decoded numbers, which are exact only below 2^53.
 */
import type { BeaconFork } from "../model/beacon.js";
import { QuorumpointError } from "../model/errors.js";
import { shortMessage } from "../lean/state-reader.js";
import type { BeaconTypes } from "./ssz-types.js";

export function beaconStateRootViaViewDU(bytes: Uint8Array, fork: BeaconFork, types: BeaconTypes): Uint8Array {
  const type = types.forks[fork].BeaconState;
  let view: ReturnType<typeof type.deserializeToViewDU>;
  try {
    view = type.deserializeToViewDU(bytes);
  } catch (e) {
    throw new QuorumpointError("SSZ_INVALID", `state does not decode as a ${fork} BeaconState: ${shortMessage(e)}`, { fork }, { cause: e });
  }
  return view.hashTreeRoot();
}
