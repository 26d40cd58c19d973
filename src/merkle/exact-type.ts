/**
 * The exact twin of an @chainsafe/ssz type: the same layout and merkleization, with every
 * number-valued uint a bigint-valued one. @lodestar/types decodes uint64s to JS numbers,
 * which round past 2^53, and its tree views of a container hash those numbers too: two byte
 * strings could share a root. The twin's values are the bytes' exactly, so the fields left
 * to the library (type-plan.ts) are hashed through it.
 */
import { ContainerType, ListBasicType, ListCompositeType, UintBigintType, UintNumberType, VectorBasicType, VectorCompositeType, type Type } from "@chainsafe/ssz";

// biome-ignore lint/suspicious/noExplicitAny: any SSZ type
type AnyType = Type<any>;

const twins = new WeakMap<AnyType, AnyType>();

/** The twin of `type` (itself when it holds no number-valued uint), made once per type. */
export function exactType(type: AnyType): AnyType {
  let twin = twins.get(type);
  if (twin === undefined) {
    twin = makeTwin(type);
    twins.set(type, twin);
  }
  return twin;
}

function makeTwin(type: AnyType): AnyType {
  if (type instanceof UintNumberType) return new UintBigintType(type.byteLength);
  const element = (type as { elementType?: AnyType }).elementType;
  if (type instanceof ListBasicType) return new ListBasicType(exactType(element!) as never, type.limit);
  if (type instanceof VectorBasicType) return new VectorBasicType(exactType(element!) as never, type.length);
  if (type instanceof ListCompositeType) return new ListCompositeType(exactType(element!) as never, type.limit);
  if (type instanceof VectorCompositeType) return new VectorCompositeType(exactType(element!) as never, type.length);
  if (type instanceof ContainerType) {
    const fields = type.fieldsEntries as Array<{ fieldName: string; fieldType: AnyType }>;
    return new ContainerType(Object.fromEntries(fields.map((f) => [f.fieldName, exactType(f.fieldType)])));
  }
  return type;
}

/** hash_tree_root of `bytes` as `type`, exactly; throws what the library throws on bytes that are not one. */
export function exactRoot(type: AnyType, bytes: Uint8Array): Uint8Array {
  const twin = exactType(type);
  return twin.hashTreeRoot(twin.deserialize(bytes));
}
