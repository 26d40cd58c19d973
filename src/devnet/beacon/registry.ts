/**
 * The validator registry of the simulated beacon chain, built once as SSZ bytes with their
 * hash_tree_roots: validators, balances, participation and inactivity scores never change
 * in the simulation, so every state of every chain shares these Buffers and only the small
 * fields around them are serialized and hashed per state. A million validators are about
 * 140 MB of bytes; as JS objects they would be several times that.
 */
import { createCipheriv, createHash } from "node:crypto";
import { chunksRoot, mixInLength, packedContainersRoot, packedLayout } from "../../merkle/index.js";

export const VALIDATOR_BYTES = 121;
const GWEI_32_ETH = 32_000_000_000n;
const FAR_FUTURE = 0xffffffffffffffffn;
/** VALIDATOR_REGISTRY_LIMIT (2^40), the limit of every per-validator list. */
const REGISTRY_LIMIT = 2 ** 40;

export interface ListBytes {
  bytes: Buffer;
  root: Uint8Array;
}

/** The per-validator lists, by the BeaconState field name that holds each. */
export interface Registry {
  count: number;
  lists: Map<string, ListBytes>;
  /** hash_tree_root(validators): the honest network's genesis_validators_root. */
  validatorsRoot: Uint8Array;
  /** Pubkey of validator i (a view into the registry bytes). */
  pubkey(i: number): Uint8Array;
}

/** Deterministic filler: AES-256-CTR keystream keyed by `label`. */
function keystream(label: string, length: number): Buffer {
  const key = createHash("sha256").update(`quorumpoint-beacon-devnet:${label}`).digest();
  return createCipheriv("aes-256-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/** mix_in_length(merkleize(chunks of `bytes`, limit), count). */
export function listRoot(bytes: Uint8Array, count: number, chunkLimit: number): Uint8Array {
  return mixInLength(chunksRoot(bytes, chunkLimit), count);
}

function validatorBytes(count: number): Buffer {
  const keys = keystream("keys", count * 80);
  const out = Buffer.alloc(count * VALIDATOR_BYTES);
  for (let i = 0; i < count; i++) {
    const at = i * VALIDATOR_BYTES;
    keys.copy(out, at, i * 80, i * 80 + 48);
    out[at + 48] = 0x01; // execution-address withdrawal credentials
    keys.copy(out, at + 60, i * 80 + 60, i * 80 + 80);
    out.writeBigUInt64LE(GWEI_32_ETH, at + 80);
    // slashed = 0, activation_eligibility_epoch = activation_epoch = 0: active since genesis
    out.writeBigUInt64LE(FAR_FUTURE, at + 105);
    out.writeBigUInt64LE(FAR_FUTURE, at + 113);
  }
  return out;
}

/** The serialized Validator record: pubkey, withdrawal_credentials, effective_balance, slashed, four epochs. */
const VALIDATOR_LAYOUT = packedLayout([{ size: 48 }, { size: 32 }, { size: 8 }, { size: 1, boolean: true }, { size: 8 }, { size: 8 }, { size: 8 }, { size: 8 }]);

/** hash_tree_root of the validators list, packed from its bytes as the verifier does. */
function validatorsRoot(bytes: Buffer, count: number): Uint8Array {
  return mixInLength(packedContainersRoot(bytes, VALIDATOR_LAYOUT, REGISTRY_LIMIT), count);
}

/** Build the registry of `count` validators (phase0 needs only the first two lists). */
export function buildRegistry(count: number): Registry {
  const validators = validatorBytes(count);
  const balances = Buffer.alloc(count * 8);
  for (let i = 0; i < count; i++) balances.writeBigUInt64LE(GWEI_32_ETH + BigInt(i % 1000), i * 8);
  // Every participation flag set (timely source, target, head): a healthy chain.
  const participation = Buffer.alloc(count, 0b111);
  const inactivity = Buffer.alloc(count * 8);
  const vRoot = validatorsRoot(validators, count);
  const participationList = { bytes: participation, root: listRoot(participation, count, REGISTRY_LIMIT / 32) };
  const lists = new Map<string, ListBytes>([
    ["validators", { bytes: validators, root: vRoot }],
    ["balances", { bytes: balances, root: listRoot(balances, count, REGISTRY_LIMIT / 4) }],
    ["previousEpochParticipation", participationList],
    ["currentEpochParticipation", participationList],
    ["inactivityScores", { bytes: inactivity, root: listRoot(inactivity, count, REGISTRY_LIMIT / 4) }],
  ]);
  return {
    count,
    lists,
    validatorsRoot: vRoot,
    pubkey: (i) => validators.subarray(i * VALIDATOR_BYTES, i * VALIDATOR_BYTES + 48),
  };
}
