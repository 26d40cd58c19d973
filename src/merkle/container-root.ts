/**
 * hash_tree_root of a serialized container straight from its bytes (a BeaconState of any
 * fork, mainly): walk the fixed part and the offsets, check them as SSZ requires, and
 * merkleize each field from its own byte range by its plan (type-plan.ts). Only the
 * container's field roots are ever held: no field is decoded into values unless its plan is
 * the library's, and those fields are small.
 */
import { merkleizeBlocksBytes } from "@chainsafe/persistent-merkle-tree";
import type { Type } from "@chainsafe/ssz";
import { QuorumpointError } from "../model/errors.js";
import { CHUNK } from "./chunks.js";
import { type FieldPlan, planOf, rootByPlan } from "./type-plan.js";

const OFFSET_BYTES = 4;

/** What a container type needs to be walked: its fields in order. */
export interface ContainerDescription {
  readonly fieldsEntries: ReadonlyArray<{ fieldName: string; fieldType: { fixedSize: number | null } }>;
}

export interface FieldStep {
  name: string;
  /** Where the field, or its offset word when `fixedSize` is null, sits in the fixed part. */
  at: number;
  fixedSize: number | null;
  plan: FieldPlan;
}

export interface ContainerPlan {
  fields: FieldStep[];
  fixedEnd: number;
}

const plans = new WeakMap<object, ContainerPlan>();

/** The fields' places and plans of a container type, made once per type. */
export function planContainer(type: ContainerDescription): ContainerPlan {
  let plan = plans.get(type);
  if (plan !== undefined) return plan;
  let at = 0;
  const fields = type.fieldsEntries.map(({ fieldName, fieldType }) => {
    const step = { name: fieldName, at, fixedSize: fieldType.fixedSize, plan: planOf(fieldType as Type<unknown>) };
    at += fieldType.fixedSize ?? OFFSET_BYTES;
    return step;
  });
  plan = { fields, fixedEnd: at };
  plans.set(type, plan);
  return plan;
}

export function badOffset(message: string, detail: Record<string, unknown>): QuorumpointError {
  return new QuorumpointError("SSZ_BAD_OFFSET", message, detail);
}

/** [start, end) of every field in `bytes`, its offsets checked: the first one ends the fixed part, none goes back, none passes the end. */
export function fieldRanges(bytes: Uint8Array, plan: ContainerPlan, what: string): Array<[number, number]> {
  if (bytes.length < plan.fixedEnd) {
    throw new QuorumpointError("SSZ_TOO_SHORT", `${what} is ${bytes.length} bytes, shorter than its ${plan.fixedEnd}-byte fixed part`, { size: bytes.length });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ranges: Array<[number, number]> = [];
  let open = -1; // the variable field whose end the next offset gives
  let previous = plan.fixedEnd;
  for (const [i, f] of plan.fields.entries()) {
    if (f.fixedSize !== null) {
      ranges.push([f.at, f.at + f.fixedSize]);
      continue;
    }
    const offset = view.getUint32(f.at, true);
    if (open < 0 && offset !== plan.fixedEnd) throw badOffset(`${what}: the first offset (${f.name}) is ${offset}, not the fixed part's end ${plan.fixedEnd}`, { field: f.name, offset });
    if (offset < previous || offset > bytes.length) throw badOffset(`${what}: offset of ${f.name} is ${offset}, outside [${previous}, ${bytes.length}]`, { field: f.name, offset });
    if (open >= 0) ranges[open]![1] = offset;
    ranges.push([offset, bytes.length]);
    open = i;
    previous = offset;
  }
  if (open < 0 && bytes.length !== plan.fixedEnd) {
    throw new QuorumpointError("SSZ_INVALID", `${what} is ${bytes.length} bytes, its fixed size is ${plan.fixedEnd}`, { size: bytes.length });
  }
  return ranges;
}

/** Each field's hash_tree_root, in field order, of the container `type` serialized as `bytes`. */
export function containerFieldRoots(bytes: Uint8Array, type: ContainerDescription, what = "container"): Array<{ name: string; root: Uint8Array }> {
  const plan = planContainer(type);
  const ranges = fieldRanges(bytes, plan, what);
  return plan.fields.map((f, i) => {
    const [start, end] = ranges[i]!;
    return { name: f.name, root: rootByPlan(f.plan, bytes.subarray(start, end), `${what}.${f.name}`) };
  });
}

/**
 * hash_tree_root of the container `type` serialized as `bytes`. Throws SSZ_TOO_SHORT,
 * SSZ_BAD_OFFSET or SSZ_INVALID when the bytes are not one.
 */
export function containerRootFromBytes(bytes: Uint8Array, type: ContainerDescription, what = "container"): Uint8Array {
  return rootOfFieldRoots(containerFieldRoots(bytes, type, what).map((f) => f.root));
}

/** A container's root from its field roots, in field order. */
export function rootOfFieldRoots(roots: readonly Uint8Array[]): Uint8Array {
  const blocks = new Uint8Array(Math.ceil(roots.length / 2) * 2 * CHUNK);
  for (const [i, root] of roots.entries()) blocks.set(root, i * CHUNK);
  const out = new Uint8Array(CHUNK);
  merkleizeBlocksBytes(blocks, roots.length, out, 0);
  return out;
}
