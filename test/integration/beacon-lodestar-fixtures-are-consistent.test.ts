/**
 * The states and blocks captured from a real Lodestar dev chain (test/fixtures/beacon-lodestar/)
 * agree with what Lodestar reported for them, checked with the project's own @lodestar/types:
 * each state hashes to its recorded state root and its latest block header to its block
 * root, each block to its block root, for phase0, altair, bellatrix and capella.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { ForkName } from "@lodestar/params";
import { BEACON_LODESTAR_FIXTURES, readFixtureMetas } from "../support/beacon-lodestar-fixtures.js";
import type { FixtureMeta } from "../support/beacon-lodestar-fixtures.js";

// The SSZ preset is fixed when @lodestar/params first loads; node --test gives this file its own process.
process.env.LODESTAR_PRESET = "minimal";

let types: typeof import("@lodestar/types");
let metas: FixtureMeta[];
let genesisValidatorsRoot: string;
let forkVersions: Array<{ epoch: number; version: string }>;

const hex = (u: Uint8Array) => "0x" + Buffer.from(u).toString("hex");
const read = (file: string) => fs.readFile(path.join(BEACON_LODESTAR_FIXTURES, file));
const readJson = async <T>(file: string) => JSON.parse((await read(file)).toString("utf8")) as T;

before(async () => {
  types = await import("@lodestar/types");
  const params = await import("@lodestar/params");
  assert.equal(params.ACTIVE_PRESET, "minimal");
  metas = await readFixtureMetas();
  genesisValidatorsRoot = (await readJson<{ data: { genesis_validators_root: string } }>("genesis.json")).data.genesis_validators_root;
  const schedule = await readJson<{ data: Array<{ epoch: string; current_version: string }> }>("fork_schedule.json");
  forkVersions = schedule.data.map((f) => ({ epoch: Number(f.epoch), version: f.current_version }));
});

async function bytesOf(m: FixtureMeta): Promise<Uint8Array> {
  const b = new Uint8Array(await read(m.file));
  assert.equal(b.length, m.bytes, `${m.file}: size`);
  assert.equal(createHash("sha256").update(b).digest("hex"), m.sha256, `${m.file}: sha256`);
  return b;
}

test("there is a state and a block for each fork up to capella, and the finalized state", () => {
  for (const kind of ["state", "block"] as const) {
    assert.deepEqual([...new Set(metas.filter((m) => m.kind === kind).map((m) => m.fork))], ["phase0", "altair", "bellatrix", "capella"], kind);
  }
  assert.equal(metas.filter((m) => m.finalized !== undefined).length, 1);
});

test("each state hashes to the state root Lodestar reported, and its latest header to the block root", async () => {
  for (const m of metas.filter((x) => x.kind === "state")) {
    const t = types.sszTypesFor(m.fork as ForkName);
    const state = t.BeaconState.deserialize(await bytesOf(m));
    assert.equal(state.slot, m.slot, `${m.file}: slot`);
    assert.equal(hex(t.BeaconState.hashTreeRoot(state)), m.stateRoot, `${m.file}: hash_tree_root(state)`);
    // What a checkpoint-syncing client derives its anchor block root from: the header, with the state root filled in when zero.
    // A new object field by field, not `{ ...h }`: hashing the state cached the header's root on it under a
    // symbol key, and a spread would copy that stale root along.
    const h = state.latestBlockHeader;
    const root = h.stateRoot.every((b) => b === 0) ? t.BeaconState.hashTreeRoot(state) : h.stateRoot;
    const filled = { slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot: root, bodyRoot: h.bodyRoot };
    assert.equal(hex(types.ssz.phase0.BeaconBlockHeader.hashTreeRoot(filled)), m.blockRoot, `${m.file}: the header's root`);
    assert.equal(hex(state.genesisValidatorsRoot), genesisValidatorsRoot, `${m.file}: genesis_validators_root`);
    const epoch = Math.floor(m.slot / 8);
    const version = forkVersions.filter((f) => f.epoch <= epoch).at(-1)!.version;
    assert.equal(hex(state.fork.currentVersion), version, `${m.file}: fork version at epoch ${epoch}`);
    if (m.finalized !== undefined) assert.equal(m.finalized.epoch * 8, m.slot, `${m.file}: the finalized epoch's first slot`);
  }
});

test("each block hashes to the block root Lodestar reported, and is the SSZ of the JSON Lodestar served", async () => {
  for (const m of metas.filter((x) => x.kind === "block")) {
    const t = types.sszTypesFor(m.fork as ForkName);
    const bytes = await bytesOf(m);
    const block = t.SignedBeaconBlock.deserialize(bytes);
    assert.equal(block.message.slot, m.slot, `${m.file}: slot`);
    assert.equal(hex(t.BeaconBlock.hashTreeRoot(block.message)), m.blockRoot, `${m.file}: hash_tree_root(block)`);
    assert.equal(hex(block.message.stateRoot), m.stateRoot, `${m.file}: state_root`);
    const served = await readJson<{ version: string; data: unknown }>(m.json!);
    assert.equal(served.version, m.fork);
    assert.deepEqual(t.SignedBeaconBlock.serialize(t.SignedBeaconBlock.fromJson(served.data)), bytes, `${m.file}: the SSZ of ${m.json}`);
  }
});

test("a corrupted state does not hash to its recorded root", async () => {
  const m = metas.find((x) => x.kind === "state")!;
  const t = types.sszTypesFor(m.fork as ForkName);
  const bytes = new Uint8Array(await read(m.file));
  bytes[bytes.length - 1] ^= 1; // phase0 ends with finalized_checkpoint, a fixed-size field: it still decodes
  assert.notEqual(hex(t.BeaconState.hashTreeRoot(t.BeaconState.deserialize(bytes))), m.stateRoot);
});
