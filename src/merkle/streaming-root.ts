/**
 * hash_tree_root of a serialized container computed while its bytes arrive, in order, in
 * chunks of any size: the root is ready when the last byte lands. The fixed part is held
 * until it is whole (a mainnet BeaconState's is under 3 MB); after it, each variable field
 * is fed to a sink as its bytes pass: the big lists (validators, balances, participation...)
 * a batch or a 1 MiB piece at a time into the same trees the one-shot root uses
 * (ChunkTree, PackedContainerTree), the small ones collected and hashed when they end. It
 * holds no copy of the body: at most one piece or batch of each field in progress.
 *
 * Bad bytes are SSZ_* errors, thrown as soon as they are known (an offset that goes back at
 * the end of the fixed part, a list that is not whole when it ends), and again on any later
 * call. The same bytes give the same root as containerRootFromBytes, whatever the chunking.
 */
import { QuorumpointError } from "../model/errors.js";
import { ChunkTree, mixInLength } from "./chunks.js";
import { badOffset, type ContainerDescription, type ContainerPlan, planContainer, rootOfFieldRoots } from "./container-root.js";
import { PackedContainerTree } from "./packed-containers.js";
import { checkBooleans, type FieldPlan, listCount, rootByPlan } from "./type-plan.js";

interface Sink {
  write(part: Uint8Array): void;
  end(): Uint8Array;
}

/** Copies the bytes into fixed-size steps, handing each full one on: the caller's chunks may be reused as soon as write returns. */
class Staging {
  readonly buffer: Uint8Array;
  fill = 0;
  total = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  write(part: Uint8Array, full: (step: Uint8Array) => void): void {
    this.total += part.length;
    let p = part;
    while (p.length > 0) {
      const n = Math.min(this.buffer.length - this.fill, p.length);
      this.buffer.set(p.subarray(0, n), this.fill);
      this.fill += n;
      p = p.subarray(n);
      if (this.fill === this.buffer.length) {
        full(this.buffer);
        this.fill = 0;
      }
    }
  }
}

/** A list whose chunks are its bytes. */
class ChunkListSink implements Sink {
  readonly #tree: ChunkTree;
  readonly #staging: Staging;

  constructor(
    readonly plan: Extract<FieldPlan, { kind: "chunks" }>,
    readonly name: string,
    length: number | null,
  ) {
    this.#tree = new ChunkTree(plan.chunkLimit);
    // A partial piece is the tree's last one, so the staging is a whole piece unless the field is known to be shorter.
    const piece = this.#tree.pieceBytes;
    this.#staging = new Staging(length === null || length >= piece ? piece : Math.max(1, length));
  }

  write(part: Uint8Array): void {
    if (this.plan.booleans) checkBooleans(this.name, part);
    this.#staging.write(part, (piece) => this.#tree.pushPiece(piece));
  }

  end(): Uint8Array {
    const count = listCount(this.name, this.#staging.total, this.plan.elementSize, this.plan.listLimit!);
    if (this.#staging.fill > 0) this.#tree.pushPiece(this.#staging.buffer.subarray(0, this.#staging.fill));
    return mixInLength(this.#tree.root(), count);
  }
}

/** A list of packed containers. */
class ContainerListSink implements Sink {
  readonly #tree: PackedContainerTree;
  readonly #staging: Staging;

  constructor(
    readonly plan: Extract<FieldPlan, { kind: "containers" }>,
    readonly name: string,
    length: number | null,
  ) {
    this.#tree = new PackedContainerTree(plan.layout, plan.limit);
    const size = plan.layout.size;
    const batchBytes = this.#tree.batch * size;
    // Always whole containers: a field known to be shorter than a batch gets a staging of its own size, rounded up.
    this.#staging = new Staging(length === null || length >= batchBytes ? batchBytes : Math.max(size, Math.ceil(length / size) * size));
  }

  write(part: Uint8Array): void {
    this.#staging.write(part, (batch) => this.#tree.pushBatch(batch, 0, batch.length / this.plan.layout.size));
  }

  end(): Uint8Array {
    const count = listCount(this.name, this.#staging.total, this.plan.layout.size, this.plan.limit);
    const rest = this.#staging.fill / this.plan.layout.size;
    if (rest > 0) this.#tree.pushBatch(this.#staging.buffer, 0, rest);
    const root = this.#tree.root();
    return this.plan.list ? mixInLength(root, count) : root;
  }
}

/** Anything else: collected, then hashed by its plan when it ends (small fields only). */
class CollectedSink implements Sink {
  readonly #parts: Uint8Array[] = [];
  #length = 0;

  constructor(
    readonly plan: FieldPlan,
    readonly name: string,
  ) {}

  write(part: Uint8Array): void {
    this.#parts.push(part.slice());
    this.#length += part.length;
  }

  end(): Uint8Array {
    const bytes = new Uint8Array(this.#length);
    let at = 0;
    for (const p of this.#parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return rootByPlan(this.plan, bytes, this.name);
  }
}

function sinkFor(plan: FieldPlan, name: string, length: number | null): Sink {
  if (plan.kind === "chunks" && plan.listLimit !== null) return new ChunkListSink(plan, name, length);
  if (plan.kind === "containers" && plan.list) return new ContainerListSink(plan, name, length);
  return new CollectedSink(plan, name);
}

export class StreamingContainerRoot {
  readonly #plan: ContainerPlan;
  readonly #what: string;
  readonly #fixed: Uint8Array;
  readonly #roots: Array<Uint8Array | null>;
  /** Indices (in #plan.fields) of the variable fields, in order, and their offsets once the fixed part is in. */
  readonly #variable: number[];
  #offsets: number[] = [];
  /** Bytes received so far. */
  #pos = 0;
  /** The variable field being received (an index into #variable), its sink and where it ends (Infinity for the last). */
  #k = -1;
  #sink: Sink | null = null;
  #end = Number.POSITIVE_INFINITY;
  #error: unknown = null;
  #done = false;

  constructor(type: ContainerDescription, what = "container") {
    this.#plan = planContainer(type);
    this.#what = what;
    this.#fixed = new Uint8Array(this.#plan.fixedEnd);
    this.#roots = this.#plan.fields.map(() => null);
    this.#variable = this.#plan.fields.flatMap((f, i) => (f.fixedSize === null ? [i] : []));
  }

  /** Bytes received so far. */
  get received(): number {
    return this.#pos;
  }

  /** The next bytes of the container. */
  push(chunk: Uint8Array): void {
    this.#guard();
    try {
      let p = chunk;
      const fixedEnd = this.#plan.fixedEnd;
      if (this.#pos < fixedEnd) {
        const n = Math.min(fixedEnd - this.#pos, p.length);
        this.#fixed.set(p.subarray(0, n), this.#pos);
        this.#pos += n;
        p = p.subarray(n);
        if (this.#pos === fixedEnd) this.#onFixedPart();
      }
      while (p.length > 0) {
        if (this.#sink === null) {
          throw new QuorumpointError("SSZ_INVALID", `${this.#what} is longer than its fixed size ${fixedEnd}`, { size: this.#pos + p.length });
        }
        const n = Math.min(this.#end - this.#pos, p.length);
        this.#sink.write(p.subarray(0, n));
        this.#pos += n;
        p = p.subarray(n);
        if (this.#pos === this.#end) this.#closeField();
      }
    } catch (e) {
      this.#error = e;
      throw e;
    }
  }

  /** The root, once every byte was pushed. */
  finish(): Uint8Array {
    this.#guard();
    try {
      const fixedEnd = this.#plan.fixedEnd;
      if (this.#pos < fixedEnd) {
        throw new QuorumpointError("SSZ_TOO_SHORT", `${this.#what} is ${this.#pos} bytes, shorter than its ${fixedEnd}-byte fixed part`, { size: this.#pos });
      }
      if (this.#sink !== null) {
        if (this.#k < this.#variable.length - 1) {
          const f = this.#plan.fields[this.#variable[this.#k + 1]!]!;
          const offset = this.#offsets[this.#k + 1]!;
          throw badOffset(`${this.#what}: offset of ${f.name} is ${offset}, outside [${this.#offsets[this.#k]}, ${this.#pos}]`, { field: f.name, offset });
        }
        this.#closeField();
      }
      this.#done = true;
      return rootOfFieldRoots(this.#roots as Uint8Array[]);
    } catch (e) {
      this.#error = e;
      throw e;
    }
  }

  #guard(): void {
    if (this.#error !== null) throw this.#error;
    if (this.#done) throw new QuorumpointError("INTERNAL_MERKLE", `${this.#what}: the stream was already finished`);
  }

  /** Roots of the fixed fields, and the offsets checked as far as they can be before the total length is known. */
  #onFixedPart(): void {
    const view = new DataView(this.#fixed.buffer);
    let previous = this.#plan.fixedEnd;
    for (const [i, f] of this.#plan.fields.entries()) {
      if (f.fixedSize !== null) {
        this.#roots[i] = rootByPlan(f.plan, this.#fixed.subarray(f.at, f.at + f.fixedSize), `${this.#what}.${f.name}`);
        continue;
      }
      const offset = view.getUint32(f.at, true);
      if (this.#offsets.length === 0 && offset !== this.#plan.fixedEnd) {
        throw badOffset(`${this.#what}: the first offset (${f.name}) is ${offset}, not the fixed part's end ${this.#plan.fixedEnd}`, { field: f.name, offset });
      }
      if (offset < previous) throw badOffset(`${this.#what}: offset of ${f.name} is ${offset}, before the previous one ${previous}`, { field: f.name, offset });
      this.#offsets.push(offset);
      previous = offset;
    }
    if (this.#variable.length > 0) this.#openField(0);
  }

  #openField(k: number): void {
    this.#k = k;
    const f = this.#plan.fields[this.#variable[k]!]!;
    const last = k === this.#variable.length - 1;
    this.#end = last ? Number.POSITIVE_INFINITY : this.#offsets[k + 1]!;
    this.#sink = sinkFor(f.plan, `${this.#what}.${f.name}`, last ? null : this.#end - this.#offsets[k]!);
    if (this.#pos === this.#end) this.#closeField();
  }

  #closeField(): void {
    this.#roots[this.#variable[this.#k]!] = this.#sink!.end();
    this.#sink = null;
    if (this.#k + 1 < this.#variable.length) this.#openField(this.#k + 1);
  }
}
