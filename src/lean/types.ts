/**
 * Lean consensus SSZ containers (leanSpec devnet-4; unchanged in devnet-5 for these types).
 *
 * Only the containers quorumpoint needs to read, verify or (in the devnet) produce a
 * finalized `State` live here. Field order is the wire order; see ARCHITECTURE section 1.
 */
import {
  BitListType,
  ByteVectorType,
  ContainerType,
  ListCompositeType,
  UintNumberType,
} from "@chainsafe/ssz";

/** leanSpec limits (devnet-4). */
export const HISTORICAL_ROOTS_LIMIT = 2 ** 18;
export const VALIDATOR_REGISTRY_LIMIT = 2 ** 12;

// uint64 as a JS number: slots, times and indices stay far below 2^53 on any lean network.
export const Uint64 = new UintNumberType(8);
export const Bytes32 = new ByteVectorType(32);
export const Bytes52 = new ByteVectorType(52);

export const Config = new ContainerType({ genesisTime: Uint64 }, { typeName: "Config" });

export const Checkpoint = new ContainerType({ root: Bytes32, slot: Uint64 }, { typeName: "Checkpoint" });

export const BlockHeader = new ContainerType(
  {
    slot: Uint64,
    proposerIndex: Uint64,
    parentRoot: Bytes32,
    stateRoot: Bytes32,
    bodyRoot: Bytes32,
  },
  { typeName: "BlockHeader" },
);

export const Validator = new ContainerType(
  { attestationPubkey: Bytes52, proposalPubkey: Bytes52, index: Uint64 },
  { typeName: "Validator" },
);

export const State = new ContainerType(
  {
    config: Config,
    slot: Uint64,
    latestBlockHeader: BlockHeader,
    latestJustified: Checkpoint,
    latestFinalized: Checkpoint,
    historicalBlockHashes: new ListCompositeType(Bytes32, HISTORICAL_ROOTS_LIMIT),
    justifiedSlots: new BitListType(HISTORICAL_ROOTS_LIMIT),
    validators: new ListCompositeType(Validator, VALIDATOR_REGISTRY_LIMIT),
    justificationsRoots: new ListCompositeType(Bytes32, HISTORICAL_ROOTS_LIMIT),
    justificationsValidators: new BitListType(HISTORICAL_ROOTS_LIMIT * VALIDATOR_REGISTRY_LIMIT),
  },
  { typeName: "State" },
);

export type StateValue = ReturnType<typeof State.defaultValue>;
export type BlockHeaderValue = ReturnType<typeof BlockHeader.defaultValue>;
export type CheckpointValue = ReturnType<typeof Checkpoint.defaultValue>;
