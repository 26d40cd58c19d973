/**
 * One container's root cut into independent units of work. Each big list or vector field
 * (a registry, balances, participation, root vectors) is cut at aligned subtree boundaries
 * into units; a unit's root is the root of its own subtree, so units can be hashed in any
 * order, on any thread, and joined afterwards (`joinSubtreeRoots`). Fields too small to cut
 * are hashed by their plan when the roots are combined. A plan is plain data: it crosses
 * threads by structured clone beside the shared body.
 */
import { QuorumpointError } from "../model/errors.js";
import { CHUNK, ChunkTree, depthOf, joinSubtreeRoots, mixInLength } from "./chunks.js";
import { type ContainerDescription, fieldRanges, planContainer, rootOfFieldRoots } from "./container-root.js";
import { type PackedContainerLayout, PackedContainerTree } from "./packed-containers.js";
import { checkBooleans, listCount, rootByPlan } from "./type-plan.js";

export interface SplitUnit {
  /** The field's index in the container, and the unit's byte range in the body. */
  field: number;
  /** The field's name in errors. */
  name: string;
  start: number;
  end: number;
  /** Depth of the unit's subtree: 2^depth leaves (containers, or chunks). */
  depth: number;
  /** Packed containers (null: chunks straight from the bytes). */
  layout: PackedContainerLayout | null;
  booleans: boolean;
}

interface CutField {
  /** Its units are units[first, first + count). */
  first: number;
  count: number;
  unitDepth: number;
  depth: number;
  /** A list mixes in its element count; a vector does not. */
  length: number | null;
}

export interface SplitPlan {
  what: string;
  /** The body length the plan was made for. */
  size: number;
  ranges: Array<[number, number]>;
  units: SplitUnit[];
  /** Per field: how it was cut, or null when it is hashed whole. */
  cut: Array<CutField | null>;
}

/** Unit depths: 32768 containers (a 4 MB slice of a registry) or 131072 chunks (4 MiB). Tests pass smaller ones. */
export interface UnitDepths {
  containers: number;
  chunks: number;
}

export const DEFAULT_UNIT_DEPTHS: UnitDepths = { containers: 15, chunks: 17 };

/**
 * The units of the container `type` serialized as `body` (only its fixed part need be
 * there yet: the offsets are checked against `body.length`). Throws SSZ_* errors where the
 * one-shot root would for the same offsets and list lengths.
 */
export function planSplit(body: Uint8Array, type: ContainerDescription, what: string, depths: UnitDepths = DEFAULT_UNIT_DEPTHS): SplitPlan {
  const plan = planContainer(type);
  const ranges = fieldRanges(body, plan, what);
  const units: SplitUnit[] = [];
  const cut = plan.fields.map((f, field): CutField | null => {
    const [start, end] = ranges[field]!;
    const p = f.plan;
    const name = `${what}.${f.name}`;
    let leafBytes: number;
    let limit: number;
    let unitDepth: number;
    let length: number | null = null;
    let layout: PackedContainerLayout | null = null;
    if (p.kind === "chunks" && p.chunkLimit > 1) {
      leafBytes = CHUNK;
      limit = p.chunkLimit;
      unitDepth = depths.chunks;
      if (p.listLimit !== null) length = listCount(name, end - start, p.elementSize, p.listLimit);
    } else if (p.kind === "containers" && p.limit > 1) {
      layout = p.layout;
      leafBytes = p.layout.size;
      limit = p.limit;
      unitDepth = depths.containers;
      const count = listCount(name, end - start, p.layout.size, p.limit);
      if (p.list) length = count;
    } else return null;
    const unitBytes = leafBytes * 2 ** unitDepth;
    const depth = depthOf(limit);
    if (end - start < 2 * unitBytes || depth <= unitDepth) return null;
    const first = units.length;
    for (let at = start; at < end; at += unitBytes) {
      units.push({ field, name, start: at, end: Math.min(end, at + unitBytes), depth: unitDepth, layout, booleans: p.kind === "chunks" && p.booleans });
    }
    return { first, count: units.length - first, unitDepth, depth, length };
  });
  return { what, size: body.length, ranges, units, cut };
}

/** The root of one unit's subtree, from the body's bytes in its range. */
export function hashUnit(body: Uint8Array, unit: SplitUnit): Uint8Array {
  const bytes = body.subarray(unit.start, unit.end);
  if (unit.layout === null) {
    if (unit.booleans) checkBooleans(unit.name, bytes);
    const tree = new ChunkTree(2 ** unit.depth);
    for (let at = 0; at < bytes.length; at += tree.pieceBytes) tree.pushPiece(bytes.subarray(at, at + tree.pieceBytes));
    return tree.root();
  }
  const size = unit.layout.size;
  const tree = new PackedContainerTree(unit.layout, 2 ** unit.depth);
  const count = bytes.length / size;
  for (let first = 0; first < count; first += tree.batch) tree.pushBatch(bytes, first * size, Math.min(tree.batch, count - first));
  return tree.root();
}

/** The roots of the fields that were not cut, hashed from their ranges (null for a cut field). */
export function wholeFieldRoots(body: Uint8Array, type: ContainerDescription, plan: SplitPlan): Array<Uint8Array | null> {
  if (body.length !== plan.size) throw new QuorumpointError("INTERNAL_MERKLE", `${plan.what}: planned for ${plan.size} bytes, given ${body.length}`);
  return planContainer(type).fields.map((f, i) => {
    if (plan.cut[i] !== null) return null;
    const [start, end] = plan.ranges[i]!;
    return rootByPlan(f.plan, body.subarray(start, end), `${plan.what}.${f.name}`);
  });
}

/** The container's root: each cut field joined from its units' roots, the others as `whole` gives them. */
export function joinSplit(plan: SplitPlan, whole: ReadonlyArray<Uint8Array | null>, unitRoot: (i: number) => Uint8Array): Uint8Array {
  const roots = plan.cut.map((c, i) => {
    if (c === null) return whole[i]!;
    const unitRoots = Array.from({ length: c.count }, (_, k) => unitRoot(c.first + k));
    const root = joinSubtreeRoots(unitRoots, c.unitDepth, c.depth);
    return c.length === null ? root : mixInLength(root, c.length);
  });
  return rootOfFieldRoots(roots);
}
