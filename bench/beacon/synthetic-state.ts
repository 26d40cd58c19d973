/**
 * A synthetic mainnet-preset BeaconState of any registry size, built as bytes the way the
 * beacon devnet builds its states (src/devnet/beacon: the registry as SSZ bytes, the rest
 * from a default value), with the root the devnet computes for it.
 */
import { buildRegistry } from "../../src/devnet/beacon/registry.js";
import { StateCodec, type StateType } from "../../src/devnet/beacon/state-codec.js";
import type { BeaconFork } from "../../src/model/beacon.js";
import type { LodestarSsz } from "../../src/beacon/ssz-types.js";

export interface SyntheticState {
  bytes: Uint8Array;
  /** The devnet's hash_tree_root of it. */
  root: Uint8Array;
}

export function syntheticState(ssz: LodestarSsz, fork: BeaconFork, validators: number): SyntheticState {
  const registry = buildRegistry(validators);
  const codec = new StateCodec(registry.lists);
  const type = ssz[fork].BeaconState as unknown as StateType;
  const value = type.defaultValue() as Record<string, unknown>;
  for (const name of registry.lists.keys()) if (name in value) value[name] = [];
  value.slot = 12_345_678;
  value.genesisValidatorsRoot = registry.validatorsRoot;
  const { parts, size } = codec.serialize(type, value);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, root: codec.root(type, value) };
}
