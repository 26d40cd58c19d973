/**
 * Test helpers for the leanSpec fixtures in test/fixtures/lean-vectors: load a fixture file and
 * turn its JSON `value` (camelCase, lists as {"data": [...]}, bits as booleans, bytes and
 * XMSS signatures as hex) into an @chainsafe/ssz value of a given type.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
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
  UintNumberType,
  VectorBasicType,
  VectorCompositeType,
} from "@chainsafe/ssz";
import type { Type } from "@chainsafe/ssz";
import { VECTORS_DIR } from "../../support/paths.js";
import { FixedSizeContainerType } from "../../../src/lean/xmss.js";

export interface SszFixture {
  id: string;
  file: string;
  typeName: string;
  value: unknown;
  serialized: Uint8Array;
  /** Absent in the devnet3 vectors. */
  root?: string;
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.startsWith("0x") ? hex.slice(2) : hex, "hex"));
}

/** The single test case of a fixture file, raw. */
export function loadFixture(file: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path.join(VECTORS_DIR, file), "utf8")) as Record<string, Record<string, unknown>>;
  const cases = Object.values(json);
  if (cases.length !== 1) throw new Error(`${file}: expected one case, got ${cases.length}`);
  return cases[0]!;
}

/** Every `ssz` fixture under a folder of VECTORS_DIR (e.g. "devnet4/ssz"). */
export function listSszFixtures(dir: string): SszFixture[] {
  const out: SszFixture[] = [];
  const root = path.join(VECTORS_DIR, dir);
  for (const sub of [""]) {
    for (const name of readdirSync(path.join(root, sub)).sort()) {
      if (!name.endsWith(".json")) continue;
      const file = path.join(dir, sub, name);
      const c = loadFixture(file);
      out.push({
        id: name.replace(/\.json$/, ""),
        file,
        typeName: c.typeName as string,
        value: c.value,
        serialized: hexBytes(c.serialized as string),
        root: c.root as string | undefined,
      });
    }
  }
  return out;
}

/** uint64 values past 2^53 arrive as rounded floats; @chainsafe/ssz spells 2^64-1 as Infinity. */
function uintFromJson(n: unknown, byteLength: number): number {
  if (typeof n !== "number") throw new Error(`expected a number, got ${JSON.stringify(n)}`);
  if (byteLength === 8 && n >= 2 ** 64 - 2 ** 11) return Infinity;
  return n;
}

function unwrapData(json: unknown): unknown {
  if (json !== null && typeof json === "object" && "data" in json) return (json as { data: unknown }).data;
  return json;
}

/** Convert a fixture JSON value to the SSZ value of `type`. */
export function fromFixtureJson(type: Type<unknown>, json: unknown): unknown {
  if (type instanceof FixedSizeContainerType) {
    // An XMSS signature is given as the hex of its SSZ encoding.
    return type.deserialize(hexBytes(json as string));
  }
  if (type instanceof ContainerType) {
    const obj = json as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, fieldType] of Object.entries(type.fields as Record<string, Type<unknown>>)) {
      if (!(name in obj)) throw new Error(`missing field ${name} for ${type.typeName}`);
      out[name] = fromFixtureJson(fieldType, obj[name]);
    }
    return out;
  }
  if (type instanceof BitListType || type instanceof BitVectorType) {
    return BitArray.fromBoolArray(unwrapData(json) as boolean[]);
  }
  if (type instanceof ByteVectorType || type instanceof ByteListType) {
    return hexBytes(unwrapData(json) as string);
  }
  if (type instanceof UintNumberType) return uintFromJson(json, type.byteLength);
  if (type instanceof BooleanType) return json as boolean;
  if (
    type instanceof ListCompositeType ||
    type instanceof ListBasicType ||
    type instanceof VectorCompositeType ||
    type instanceof VectorBasicType
  ) {
    const elem = (type as { elementType: Type<unknown> }).elementType;
    return (unwrapData(json) as unknown[]).map((e) => fromFixtureJson(elem, e));
  }
  throw new Error(`fromFixtureJson: unsupported type ${type.typeName}`);
}
