/**
 * Serialize and hash a beacon state whose per-validator lists live in the registry
 * (registry.ts): the state value holds them empty, and this codec puts the registry's bytes
 * and roots in their place. A state's bytes are then its fixed part and small lists
 * (serialized per state, a few MB on mainnet) followed by Buffers every state shares, and
 * its hash_tree_root costs the hashing of its changed small fields only.
 */
import { hasher } from "@chainsafe/persistent-merkle-tree";
import type { ContainerType, Type } from "@chainsafe/ssz";
import type { StateMarks } from "../responses.js";
import type { ListBytes } from "./registry.js";

// biome-ignore lint/suspicious/noExplicitAny: the BeaconState of any fork, fields by name
export type StateType = ContainerType<Record<string, Type<any>>>;
export type StateValue = Record<string, unknown>;

export interface SerializedState {
  parts: Buffer[];
  size: number;
  marks: StateMarks;
}

export class StateCodec {
  readonly #lists: Map<string, ListBytes>;
  /** Roots and bytes of field values that are objects: a state never mutates one in place. */
  readonly #roots = new WeakMap<object, Uint8Array>();
  readonly #bytes = new WeakMap<object, Uint8Array>();

  constructor(lists: Map<string, ListBytes>) {
    this.#lists = lists;
  }

  /** Whether `field` comes from the registry (its value in the state is left empty). */
  isRegistryField(field: string): boolean {
    return this.#lists.has(field);
  }

  root(type: StateType, value: StateValue): Uint8Array {
    const entries = type.fieldsEntries;
    const chunks = new Uint8Array(Math.ceil(entries.length / 2) * 64);
    for (const [i, f] of entries.entries()) chunks.set(this.#fieldRoot(f.fieldName, f.fieldType, value[f.fieldName]), i * 32);
    const out = new Uint8Array(32);
    hasher.merkleizeBlocksBytes(chunks, entries.length, out, 0);
    return out;
  }

  serialize(type: StateType, value: StateValue): SerializedState {
    const entries = type.fieldsEntries;
    const fixedSize = entries.reduce((n, f) => n + (f.fieldType.fixedSize ?? 4), 0);
    const fixed = Buffer.alloc(fixedSize);
    const variable: Buffer[] = [];
    let at = 0;
    let end = fixedSize;
    let firstOffset = -1;
    let validatorByte = -1;
    for (const f of entries) {
      const bytes = this.#fieldBytes(f.fieldName, f.fieldType, value[f.fieldName]);
      if (f.fieldType.fixedSize !== null) {
        fixed.set(bytes, at);
        at += bytes.length;
        continue;
      }
      if (firstOffset < 0) firstOffset = at;
      if (f.fieldName === "validators") validatorByte = end;
      fixed.writeUInt32LE(end, at);
      at += 4;
      end += bytes.length;
      variable.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    return { parts: [fixed, ...variable], size: end, marks: { validatorByte, firstOffset } };
  }

  // biome-ignore lint/suspicious/noExplicitAny: field types of any fork
  #fieldRoot(name: string, type: Type<any>, v: unknown): Uint8Array {
    const list = this.#lists.get(name);
    if (list !== undefined) return list.root;
    if (typeof v !== "object" || v === null) return type.hashTreeRoot(v);
    let root = this.#roots.get(v);
    if (root === undefined) {
      root = type.hashTreeRoot(v);
      this.#roots.set(v, root);
    }
    return root;
  }

  // biome-ignore lint/suspicious/noExplicitAny: field types of any fork
  #fieldBytes(name: string, type: Type<any>, v: unknown): Uint8Array {
    const list = this.#lists.get(name);
    if (list !== undefined) return list.bytes;
    if (typeof v !== "object" || v === null) return type.serialize(v);
    let bytes = this.#bytes.get(v);
    if (bytes === undefined) {
      bytes = type.serialize(v);
      this.#bytes.set(v, bytes);
    }
    return bytes;
  }
}
