/** The devnet-3 State (single-pubkey Validator), for the devnet-3 vectors only. */
import { ContainerType, ListCompositeType, BitListType } from "@chainsafe/ssz";
import * as t from "../../../src/lean/types.js";

export const ValidatorDevnet3 = new ContainerType({ pubkey: t.Bytes52, index: t.Uint64 }, { typeName: "Validator" });

export const StateDevnet3 = new ContainerType(
  {
    ...t.State.fields,
    validators: new ListCompositeType(ValidatorDevnet3, t.VALIDATOR_REGISTRY_LIMIT),
    justificationsRoots: new ListCompositeType(t.Bytes32, t.HISTORICAL_ROOTS_LIMIT),
    justificationsValidators: new BitListType(t.HISTORICAL_ROOTS_LIMIT * t.VALIDATOR_REGISTRY_LIMIT),
  },
  { typeName: "State" },
);

/** 52 + 8 bytes. */
export const VALIDATOR_SIZE_DEVNET3 = 60;
