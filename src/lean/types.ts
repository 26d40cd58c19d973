/**
 * Lean consensus SSZ containers (leanSpec devnet-4; unchanged in devnet-5 for these types).
 *
 * Only the containers quorumpoint needs to read, verify or (in the devnet) produce a
 * finalized `State` live here. Field order is the wire order.
 */
import {
  BitListType,
  ByteVectorType,
  ContainerType,
  ListCompositeType,
  UintNumberType,
} from "@chainsafe/ssz";
import type { ValueOf } from "@chainsafe/ssz";
import { ByteListMiB, Signature } from "./xmss.js";

/** leanSpec limits (devnet-4). */
export const HISTORICAL_ROOTS_LIMIT = 2 ** 18;
export const VALIDATOR_REGISTRY_LIMIT = 2 ** 12;

// uint64 as a JS number: slots, times and indices stay far below 2^53 on any lean network.
// clipInfinity: 2^64-1 decodes to Infinity and encodes back (without it, it would wrap to 0).
// Above 2^53 a number loses precision: readers that need exact values reject them.
export const Uint64 = new UintNumberType(8, { clipInfinity: true });
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

// ---------------------------------------------------------------------------------------
// Blocks (devnet-4). BlockSignatures / SignedBlock / AggregatedSignatureProof changed in
// devnet-5; the rest did not (test/fixtures/lean-vectors/README.md).

export const AttestationData = new ContainerType(
  { slot: Uint64, head: Checkpoint, target: Checkpoint, source: Checkpoint },
  { typeName: "AttestationData" },
);

export const Attestation = new ContainerType({ validatorId: Uint64, data: AttestationData }, { typeName: "Attestation" });

export const SignedAttestation = new ContainerType(
  { validatorId: Uint64, data: AttestationData, signature: Signature },
  { typeName: "SignedAttestation" },
);

/** Which validators an aggregate covers: Bitlist[VALIDATOR_REGISTRY_LIMIT]. */
export const AggregationBits = new BitListType(VALIDATOR_REGISTRY_LIMIT);

export const AggregatedAttestation = new ContainerType(
  { aggregationBits: AggregationBits, data: AttestationData },
  { typeName: "AggregatedAttestation" },
);

export const BlockBody = new ContainerType(
  { attestations: new ListCompositeType(AggregatedAttestation, VALIDATOR_REGISTRY_LIMIT) },
  { typeName: "BlockBody" },
);

export const Block = new ContainerType(
  { slot: Uint64, proposerIndex: Uint64, parentRoot: Bytes32, stateRoot: Bytes32, body: BlockBody },
  { typeName: "Block" },
);

/** leanVM proof that the `participants` signed one message. */
export const AggregatedSignatureProof = new ContainerType(
  { participants: AggregationBits, proofData: ByteListMiB },
  { typeName: "AggregatedSignatureProof" },
);

export const SignedAggregatedAttestation = new ContainerType(
  { data: AttestationData, proof: AggregatedSignatureProof },
  { typeName: "SignedAggregatedAttestation" },
);

/** attestationSignatures[i] covers body.attestations[i]; proposerSignature is inline (2536 bytes). */
export const BlockSignatures = new ContainerType(
  {
    attestationSignatures: new ListCompositeType(AggregatedSignatureProof, VALIDATOR_REGISTRY_LIMIT),
    proposerSignature: Signature,
  },
  { typeName: "BlockSignatures" },
);

export const SignedBlock = new ContainerType({ block: Block, signature: BlockSignatures }, { typeName: "SignedBlock" });

export type AttestationDataValue = ValueOf<typeof AttestationData>;
export type AggregatedAttestationValue = ValueOf<typeof AggregatedAttestation>;
export type BlockValue = ValueOf<typeof Block>;
export type BlockSignaturesValue = ValueOf<typeof BlockSignatures>;
export type SignedBlockValue = ValueOf<typeof SignedBlock>;
