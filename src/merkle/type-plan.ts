/**
 * How to merkleize a value of an SSZ type from its bytes, chosen once per type from the
 * type's own description (@chainsafe/ssz classes, sizes, limits): chunked straight from the
 * bytes when its chunks are its bytes (basic values and their vectors and lists, byte
 * vectors, vectors and lists of roots), packed in batches when it is a fixed container of
 * such fields or a vector or list of them, and through the library's tree view, decoded from
 * the bytes, for anything else (small fields: bit vectors, sync committees, headers with
 * lists inside).
 */
import {
  BooleanType,
  ByteVectorType,
  ContainerType,
  isBasicType,
  ListBasicType,
  ListCompositeType,
  VectorBasicType,
  VectorCompositeType,
  type Type,
} from "@chainsafe/ssz";
import { QuorumpointError } from "../model/errors.js";
import { CHUNK, chunksRoot, mixInLength } from "./chunks.js";
import { exactRoot } from "./exact-type.js";
import { packedContainersRoot, packedLayout, type PackedContainerLayout } from "./packed-containers.js";


export type FieldPlan =
  /** Chunks are the bytes: `elementSize` bytes per element, `chunkLimit` leaves; a list mixes in its element count. */
  | { kind: "chunks"; chunkLimit: number; elementSize: number; listLimit: number | null; booleans: boolean }
  /** Fixed containers of basic and byte-vector fields: one (limit 1), a vector or a list of them. */
  | { kind: "containers"; layout: PackedContainerLayout; limit: number; list: boolean }
  /** Anything else, decoded and hashed by the library (small fields only), through the exact twin of its type. */
  | { kind: "library"; type: AnyType };

// biome-ignore lint/suspicious/noExplicitAny: any SSZ type
type AnyType = Type<any>;

/** The layout of `type` when it is a fixed container of basic and byte-vector fields, else null. */
function packedLayoutOf(type: AnyType): PackedContainerLayout | null {
  if (!(type instanceof ContainerType) || type.fixedSize === null) return null;
  const fields: Array<{ size: number; boolean: boolean }> = [];
  for (const { fieldType } of type.fieldsEntries as Array<{ fieldType: AnyType }>) {
    if (!isBasicType(fieldType) && !(fieldType instanceof ByteVectorType)) return null;
    fields.push({ size: fieldType.fixedSize!, boolean: fieldType instanceof BooleanType });
  }
  return packedLayout(fields);
}

function isRoot(type: AnyType): boolean {
  return type instanceof ByteVectorType && type.fixedSize === CHUNK;
}

/** The plan for values of `type`. */
export function planOf(type: AnyType): FieldPlan {
  const layout = packedLayoutOf(type);
  if (layout !== null) return { kind: "containers", layout, limit: 1, list: false };
  if (isBasicType(type)) return { kind: "chunks", chunkLimit: 1, elementSize: type.byteLength, listLimit: null, booleans: type instanceof BooleanType };
  if (type instanceof ByteVectorType) return { kind: "chunks", chunkLimit: type.maxChunkCount, elementSize: 1, listLimit: null, booleans: false };
  if (type instanceof VectorBasicType || type instanceof ListBasicType) {
    const element = type.elementType as AnyType;
    const listLimit = type instanceof ListBasicType ? type.limit : null;
    return { kind: "chunks", chunkLimit: type.maxChunkCount, elementSize: element.fixedSize!, listLimit, booleans: element instanceof BooleanType };
  }
  if (type instanceof VectorCompositeType || type instanceof ListCompositeType) {
    const element = type.elementType as AnyType;
    const list = type instanceof ListCompositeType;
    const limit = list ? type.limit : (type as VectorCompositeType<never>).length;
    if (isRoot(element)) return { kind: "chunks", chunkLimit: limit, elementSize: CHUNK, listLimit: list ? limit : null, booleans: false };
    const elementLayout = packedLayoutOf(element);
    if (elementLayout !== null) return { kind: "containers", layout: elementLayout, limit, list };
  }
  return { kind: "library", type };
}

function invalid(name: string, why: string, detail: Record<string, unknown> = {}, cause?: unknown): QuorumpointError {
  return new QuorumpointError("SSZ_INVALID", `${name}: ${why}`, { field: name, ...detail }, cause === undefined ? undefined : { cause });
}

export function checkBooleans(name: string, bytes: Uint8Array): void {
  const at = bytes.findIndex((b) => b > 1);
  if (at >= 0) throw invalid(name, `a boolean is ${bytes[at]}, not 0 or 1`, { offset: at });
}

/** A list's element count from its byte length, held to its limit. */
export function listCount(name: string, length: number, elementSize: number, limit: number): number {
  if (length % elementSize !== 0) throw invalid(name, `${length} bytes are not a whole number of ${elementSize}-byte elements`, { size: length });
  const count = length / elementSize;
  if (count > limit) throw invalid(name, `${count} elements, over the limit ${limit}`, { count, limit });
  return count;
}

/** Short text of a library error, for a message. */
function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}

/** hash_tree_root of the value whose serialized bytes are `bytes`, by `plan`; `name` names it in errors (SSZ_INVALID). */
export function rootByPlan(plan: FieldPlan, bytes: Uint8Array, name: string): Uint8Array {
  switch (plan.kind) {
    case "chunks": {
      if (plan.booleans) checkBooleans(name, bytes);
      if (plan.listLimit === null) return chunksRoot(bytes, plan.chunkLimit);
      const count = listCount(name, bytes.length, plan.elementSize, plan.listLimit);
      return mixInLength(chunksRoot(bytes, plan.chunkLimit), count);
    }
    case "containers": {
      try {
        if (!plan.list) return packedContainersRoot(bytes, plan.layout, plan.limit);
        const count = listCount(name, bytes.length, plan.layout.size, plan.limit);
        return mixInLength(packedContainersRoot(bytes, plan.layout, plan.limit), count);
      } catch (e) {
        if (e instanceof QuorumpointError && e.code === "SSZ_INVALID" && e.detail.field === undefined) throw invalid(name, e.message, e.detail);
        throw e;
      }
    }
    case "library":
      try {
        return exactRoot(plan.type, bytes);
      } catch (e) {
        throw invalid(name, `does not decode: ${errorText(e)}`, {}, e);
      }
  }
}
