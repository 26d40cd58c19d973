/**
 * XMSS containers (leanSpec `subspecs/xmss`, prod parameters, devnet-4).
 *
 * leanSpec embeds an XMSS `Signature` in other containers as a FIXED-size field of
 * SIGNATURE_LENGTH_BYTES (no offset), although the signature itself is an SSZ container
 * with variable-size lists and keeps its own internal offsets. Its hash_tree_root is an
 * ordinary Container root. `FixedSizeContainerType` reproduces that: a ContainerType
 * whose `fixedSize` is forced, so parents inline it, and which refuses any value or byte
 * range of another length (a wrong-length value would otherwise corrupt the parent's layout).
 */
import { ByteListType, ContainerType, ListCompositeType, UintNumberType, VectorBasicType } from "@chainsafe/ssz";
import type { ByteViews, ValueOf } from "@chainsafe/ssz";
import type { Type } from "@chainsafe/ssz";

/** Signature length in bytes with prod XMSS parameters (DIMENSION 46; devnet-3 had 3112). */
export const SIGNATURE_LENGTH_BYTES = 2536;
/** XMSS prod config: HASH_LEN_FE, RAND_LEN_FE, PARAMETER_LEN, LOG_LIFETIME. */
export const HASH_LEN_FE = 8;
export const RAND_LEN_FE = 7;
export const PARAMETER_LEN = 5;
export const LOG_LIFETIME = 32;
/** 2^(LOG_LIFETIME/2 + 1): the limit of every list of hash digests. */
export const NODE_LIST_LIMIT = 2 ** (LOG_LIFETIME / 2 + 1);
/** ByteListMiB: the limit of an aggregated proof's bytes. */
export const BYTE_LIST_MIB = 2 ** 20;

/** A KoalaBear field element: 4-byte little-endian canonical value. */
export const Fp = new UintNumberType(4);
export const HashDigestVector = new VectorBasicType(Fp, HASH_LEN_FE);
export const HashDigestList = new ListCompositeType(HashDigestVector, NODE_LIST_LIMIT);
export const Parameter = new VectorBasicType(Fp, PARAMETER_LEN);
export const Randomness = new VectorBasicType(Fp, RAND_LEN_FE);
export const ByteListMiB = new ByteListType(BYTE_LIST_MIB);

export const PublicKey = new ContainerType({ root: HashDigestVector, parameter: Parameter }, { typeName: "PublicKey" });
export const HashTreeOpening = new ContainerType({ siblings: HashDigestList }, { typeName: "HashTreeOpening" });
export const HashTreeLayer = new ContainerType({ startIndex: new UintNumberType(8), nodes: HashDigestList }, { typeName: "HashTreeLayer" });

type Fields = Record<string, Type<unknown>>;

/** A Container serialized inline as if fixed-size: see the file comment. */
export class FixedSizeContainerType<T extends Fields> extends ContainerType<T> {
  override readonly fixedSize: number;
  override readonly minSize: number;
  override readonly maxSize: number;

  constructor(fields: T, length: number, typeName: string) {
    super(fields, { typeName });
    this.fixedSize = length;
    this.minSize = length;
    this.maxSize = length;
  }

  override value_serializeToBytes(output: ByteViews, offset: number, value: ValueOf<ContainerType<T>>): number {
    const size = super.value_serializedSize(value);
    if (size !== this.fixedSize) throw new Error(`${this.typeName} serializes to ${size} bytes, not ${this.fixedSize}`);
    return super.value_serializeToBytes(output, offset, value);
  }

  override value_serializedSize(): number {
    return this.fixedSize;
  }

  override value_deserializeFromBytes(data: ByteViews, start: number, end: number, reuseBytes?: boolean): ValueOf<ContainerType<T>> {
    this.assertLength(start, end);
    return super.value_deserializeFromBytes(data, start, end, reuseBytes);
  }

  override tree_deserializeFromBytes(data: ByteViews, start: number, end: number): ReturnType<ContainerType<T>["tree_deserializeFromBytes"]> {
    this.assertLength(start, end);
    return super.tree_deserializeFromBytes(data, start, end);
  }

  private assertLength(start: number, end: number): void {
    if (end - start !== this.fixedSize) throw new Error(`${this.typeName} size ${end - start} not equal fixed size ${this.fixedSize}`);
  }
}

/** XMSS signature: {path, rho, hashes}; inline and 2536 bytes inside containers. */
export const Signature = new FixedSizeContainerType(
  { path: HashTreeOpening, rho: Randomness, hashes: HashDigestList },
  SIGNATURE_LENGTH_BYTES,
  "Signature",
);
export type SignatureValue = ValueOf<typeof Signature>;

/** Number of sibling digests and chain hashes that make a prod signature exactly 2536 bytes. */
export const SIGNATURE_SIBLINGS = LOG_LIFETIME;
export const SIGNATURE_HASHES = (SIGNATURE_LENGTH_BYTES - 4 - 4 * RAND_LEN_FE - 4 - 4 - SIGNATURE_SIBLINGS * 4 * HASH_LEN_FE) / (4 * HASH_LEN_FE);

/** The all-zero signature of the right shape (leanSpec `Signature` zero vector). */
export function zeroSignature(): SignatureValue {
  const digest = (): number[] => new Array<number>(HASH_LEN_FE).fill(0);
  return {
    path: { siblings: Array.from({ length: SIGNATURE_SIBLINGS }, digest) },
    rho: new Array<number>(RAND_LEN_FE).fill(0),
    hashes: Array.from({ length: SIGNATURE_HASHES }, digest),
  };
}
