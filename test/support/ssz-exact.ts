/**
 * The exact twin of an @chainsafe/ssz type: the same layout and merkleization, with every
 * number-valued uint a bigint-valued one. @lodestar/types decodes uint64s to JS numbers,
 * which round past 2^53, so its roots of such bytes are not theirs; the twin's always are:
 * the reference a from-bytes root is held to on arbitrary bytes.
 */
import { ContainerType, ListBasicType, ListCompositeType, UintBigintType, UintNumberType, VectorBasicType, VectorCompositeType, type Type } from "@chainsafe/ssz";

// biome-ignore lint/suspicious/noExplicitAny: any SSZ type
type AnyType = Type<any>;

const twins = new WeakMap<AnyType, AnyType>();

export function exactTwin(type: AnyType): AnyType {
  let twin = twins.get(type);
  if (twin !== undefined) return twin;
  twin = makeTwin(type);
  twins.set(type, twin);
  return twin;
}

function makeTwin(type: AnyType): AnyType {
  if (type instanceof UintNumberType) return new UintBigintType(type.byteLength);
  if (type instanceof ListBasicType) return new ListBasicType(exactTwin(type.elementType as AnyType) as never, type.limit);
  if (type instanceof VectorBasicType) return new VectorBasicType(exactTwin(type.elementType as AnyType) as never, type.length);
  if (type instanceof ListCompositeType) return new ListCompositeType(exactTwin(type.elementType as AnyType) as never, type.limit);
  if (type instanceof VectorCompositeType) return new VectorCompositeType(exactTwin(type.elementType as AnyType) as never, type.length);
  if (type instanceof ContainerType) {
    const fields = type.fieldsEntries as Array<{ fieldName: string; fieldType: AnyType }>;
    return new ContainerType(Object.fromEntries(fields.map((f) => [f.fieldName, exactTwin(f.fieldType)])));
  }
  return type;
}

/** hash_tree_root of `bytes` as `type`, exactly (throws what the library throws on bytes that are not one). */
export function exactRoot(type: AnyType, bytes: Uint8Array): Uint8Array {
  const twin = exactTwin(type);
  return twin.hashTreeRoot(twin.deserialize(bytes));
}
