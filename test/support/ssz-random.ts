/**
 * Random values of any @chainsafe/ssz type, for property tests of the from-bytes
 * merkleizer: every list gets its own random length (capped, so a state stays small), every
 * number and byte its own random value. Deterministic from a seed; uint64s stay exact as JS
 * numbers (below 2^53, or FAR_FUTURE's Infinity) so the library's value root is a reference.
 */
import {
  BitArray,
  BitListType,
  BitVectorType,
  BooleanType,
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  VectorBasicType,
  VectorCompositeType,
  type Type,
} from "@chainsafe/ssz";

/** xorshift32: fast, reproducible. */
export class Rng {
  #x: number;
  constructor(seed: number) {
    this.#x = (seed * 2654435761) >>> 0 || 1;
  }
  u32(): number {
    let x = this.#x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#x = x >>> 0;
    return this.#x;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 2 ** 32 ? this.u32() % n : (this.u32() * 2 ** 21 + (this.u32() >>> 11)) % n;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

export interface RandomValueOptions {
  /** The longest list made (default 8), unless `lengths` names the field. */
  maxLength?: number;
  /** A fixed length for the lists of these field names (a container's direct fields, at any depth). */
  lengths?: Readonly<Record<string, number>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a value of any SSZ type
type AnyValue = any;
// biome-ignore lint/suspicious/noExplicitAny: any SSZ type
type AnyType = Type<any>;

function uint(rng: Rng, bytes: number): number {
  if (bytes < 8) return rng.below(2 ** (8 * bytes));
  // Edge values as often as not: zero, FAR_FUTURE, the largest exact number.
  switch (rng.below(6)) {
    case 0:
      return 0;
    case 1:
      return Number.POSITIVE_INFINITY;
    case 2:
      return Number.MAX_SAFE_INTEGER;
    default:
      return rng.below(Number.MAX_SAFE_INTEGER);
  }
}

function listLength(rng: Rng, limit: number, o: RandomValueOptions, name: string | undefined): number {
  const fixed = name === undefined ? undefined : o.lengths?.[name];
  if (fixed !== undefined) return fixed;
  return rng.below(Math.min(limit, o.maxLength ?? 8) + 1);
}

/** A random value of `type`; `name` is the field holding it, for `lengths`. */
export function randomValue(type: AnyType, rng: Rng, o: RandomValueOptions = {}, name?: string): AnyValue {
  if (type instanceof BooleanType) return rng.below(2) === 1;
  if (type instanceof UintNumberType) {
    const v = uint(rng, type.byteLength);
    return v === Number.POSITIVE_INFINITY && !(type as unknown as { clipInfinity: boolean }).clipInfinity ? Number.MAX_SAFE_INTEGER : v;
  }
  if (type instanceof UintBigintType) return BigInt.asUintN(type.byteLength * 8, (BigInt(rng.u32()) << 32n) | BigInt(rng.u32()));
  if (type instanceof ByteVectorType) return rng.bytes(type.lengthBytes);
  if (type instanceof ByteListType) return rng.bytes(listLength(rng, type.limitBytes, o, name));
  if (type instanceof BitVectorType) return BitArray.fromBoolArray(Array.from({ length: type.lengthBits }, () => rng.below(2) === 1));
  if (type instanceof BitListType) return BitArray.fromBoolArray(Array.from({ length: listLength(rng, type.limitBits, o, name) }, () => rng.below(2) === 1));
  if (type instanceof VectorBasicType || type instanceof VectorCompositeType) {
    return Array.from({ length: type.length }, () => randomValue(type.elementType as AnyType, rng, o));
  }
  if (type instanceof ListBasicType || type instanceof ListCompositeType) {
    return Array.from({ length: listLength(rng, type.limit, o, name) }, () => randomValue(type.elementType as AnyType, rng, o));
  }
  if (type instanceof ContainerType) {
    const out: Record<string, AnyValue> = {};
    for (const { fieldName, fieldType } of type.fieldsEntries as Array<{ fieldName: string; fieldType: AnyType }>) out[fieldName] = randomValue(fieldType, rng, o, fieldName);
    return out;
  }
  throw new Error(`randomValue: no generator for ${type.typeName}`);
}
