/**
 * Regenerates test/fixtures/beacon-lodestar/ from a real Lodestar 1.5.1 dev chain (minimal
 * preset, phase0 at epoch 0, then altair, bellatrix and capella one epoch apart): a state and
 * its block at one slot of each fork, the finalized state a checkpoint-syncing Lodestar asks
 * for, and the chain's spec, genesis and fork schedule.
 *
 *   npm run build && node dist/scripts/capture-lodestar-fixtures.js [out-dir]
 *
 * Lodestar 1.5.1 serves blocks as JSON only: each block is saved as served, and as SSZ
 * serialized from that JSON with @lodestar/types, kept only when its hash_tree_root is the
 * block root Lodestar reports. About two minutes, most of it waiting for finality.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { ForkName } from "@lodestar/params";
import type { BeaconFork } from "../src/model/beacon.js";
import { BEACON_LODESTAR_FIXTURES, type FixtureMeta } from "../test/support/beacon-lodestar-fixtures.js";
import { blockHeader, finalityCheckpoints, getBytes, getJson, headSlot, stateRoot, waitFinalizedEpoch } from "../test/support/lodestar-api.js";
import { ensureLodestar } from "../test/support/lodestar-install.js";
import { SLOTS_PER_EPOCH, forkAtEpoch, startLodestarDev } from "../test/support/lodestar.js";
import type { LodestarChainOptions, LodestarDevNode } from "../test/support/lodestar.js";
import { eventually } from "../test/support/eventually.js";

/** One epoch per fork, so epoch 0 is phase0 and the finalized state of epoch 4 is capella. */
const CHAIN: LodestarChainOptions = { validators: 8, secondsPerSlot: 1, altairEpoch: 1, bellatrixEpoch: 2, capellaEpoch: 3 };
/** The first slot looked at in each fork: the second of its first epoch, past the transition slot. */
const FROM_SLOTS = [1, 9, 17, 25];
const FINALIZED_EPOCH = 4;

type SszTypes = typeof import("@lodestar/types");

async function main(outDir: string): Promise<void> {
  // The SSZ preset is fixed when @lodestar/params first loads: choose it before the import.
  process.env.LODESTAR_PRESET = "minimal";
  const types = await import("@lodestar/types");
  await ensureLodestar();
  const dev = await startLodestarDev({ ...CHAIN, name: "lodestar-fixtures" });
  try {
    await fs.mkdir(outDir, { recursive: true });
    for (const n of await fs.readdir(outDir)) if (n !== "README.md") await fs.rm(path.join(outDir, n));
    const metas: FixtureMeta[] = [];
    for (const from of FROM_SLOTS) metas.push(...(await captureSlot(dev, types, outDir, from)));
    metas.push(await captureFinalized(dev, outDir));
    // Everything captured is now final: a block reorged out meanwhile would make a wrong fixture.
    for (const m of metas.filter((x) => x.kind === "block")) {
      const now = (await getJson<{ data: { root: string } }>(`${dev.restUrl}/eth/v1/beacon/blocks/${m.slot}/root`)).data.root;
      if (now !== m.blockRoot) throw new Error(`slot ${m.slot}: block ${m.blockRoot} was reorged out (now ${now})`);
    }
    for (const [name, route] of [["spec", "/eth/v1/config/spec"], ["genesis", "/eth/v1/beacon/genesis"], ["fork_schedule", "/eth/v1/config/fork_schedule"]]) {
      await writeJson(outDir, `${name}.json`, await getJson(dev.restUrl + route));
    }
    for (const m of metas) console.log(`${m.file}: ${m.kind} ${m.fork} slot ${m.slot}, ${m.bytes} bytes`);
  } finally {
    await dev.stop();
  }
}

/** The first slot from `from` on, in the same epoch, that has a block: its state and block. */
async function captureSlot(dev: LodestarDevNode, types: SszTypes, outDir: string, from: number): Promise<FixtureMeta[]> {
  const fork = forkOf(dev.chain, from);
  const epochEnd = (Math.floor(from / SLOTS_PER_EPOCH) + 1) * SLOTS_PER_EPOCH;
  for (let slot = from; slot < epochEnd; slot++) {
    await eventually(async () => (await headSlot(dev.restUrl)) > slot, { timeoutMs: 120_000, intervalMs: 250, message: `the dev head passes slot ${slot}` });
    const header = await getJson<unknown>(`${dev.restUrl}/eth/v1/beacon/headers/${slot}`).catch(() => null);
    if (header === null) continue; // a skipped slot
    const info = await blockHeader(dev.restUrl, slot);
    const state = await getBytes(`${dev.restUrl}/eth/v2/debug/beacon/states/${slot}`);
    const root = await stateRoot(dev.restUrl, slot);
    const blockRoot = (await getJson<{ data: { root: string } }>(`${dev.restUrl}/eth/v1/beacon/blocks/${slot}/root`)).data.root;
    const served = await getJson<{ version: string; data: unknown }>(`${dev.restUrl}/eth/v2/beacon/blocks/${slot}`);
    if (served.version !== fork) throw new Error(`slot ${slot}: Lodestar says ${served.version}, the schedule says ${fork}`);
    // BeaconFork and ForkName spell the same strings; ForkName is an enum.
    const t = types.sszTypesFor(fork as ForkName);
    const block = t.SignedBeaconBlock.fromJson(served.data);
    const made = hex(t.BeaconBlock.hashTreeRoot(block.message));
    if (made !== blockRoot) throw new Error(`slot ${slot}: the block from Lodestar's JSON hashes to ${made}, Lodestar says ${blockRoot}`);
    const blockBytes = t.SignedBeaconBlock.serialize(block);
    const base = `${fork}-slot-${slot}`;
    const common = { fork, slot, stateRoot: root, blockRoot, header };
    if (info.stateRoot !== root) throw new Error(`slot ${slot}: header state_root ${info.stateRoot} != state root ${root}`);
    await writeJson(outDir, `block-${base}.lodestar.json`, served);
    return [
      await writeFixture(outDir, `state-${base}.ssz`, state, { kind: "state", ...common, source: `GET /eth/v2/debug/beacon/states/${slot} (Accept: application/octet-stream)` }),
      await writeFixture(outDir, `block-${base}.ssz`, blockBytes, { kind: "block", ...common, json: `block-${base}.lodestar.json`,
        source: `GET /eth/v2/beacon/blocks/${slot} answered JSON (saved beside); serialized with @lodestar/types, its hash_tree_root checked against the block root` }),
    ];
  }
  throw new Error(`no block in slots ${from}..${epochEnd - 1}`);
}

/** The state a checkpoint-syncing Lodestar fetches: finality_checkpoints, then the state at the epoch's first slot. */
async function captureFinalized(dev: LodestarDevNode, outDir: string): Promise<FixtureMeta> {
  await waitFinalizedEpoch(dev.restUrl, FINALIZED_EPOCH, 240_000);
  const { finalized } = await finalityCheckpoints(dev.restUrl);
  const slot = finalized.epoch * SLOTS_PER_EPOCH;
  const state = await getBytes(`${dev.restUrl}/eth/v2/debug/beacon/states/${slot}`);
  const root = await stateRoot(dev.restUrl, slot);
  const header = await getJson<unknown>(`${dev.restUrl}/eth/v1/beacon/headers/${finalized.root}`);
  return writeFixture(outDir, `finalized-state-${forkOf(dev.chain, slot)}-slot-${slot}.ssz`, state, {
    kind: "state", fork: forkOf(dev.chain, slot), slot, stateRoot: root, blockRoot: finalized.root, header, finalized,
    source: `GET /eth/v1/beacon/states/head/finality_checkpoints, then GET /eth/v2/debug/beacon/states/${slot} (Accept: application/octet-stream)`,
  });
}

const forkOf = (chain: LodestarChainOptions, slot: number): BeaconFork => forkAtEpoch(chain, Math.floor(slot / SLOTS_PER_EPOCH));
const hex = (u: Uint8Array) => "0x" + Buffer.from(u).toString("hex");

async function writeFixture(dir: string, file: string, bytes: Uint8Array, meta: Omit<FixtureMeta, "file" | "bytes" | "sha256">): Promise<FixtureMeta> {
  await fs.writeFile(path.join(dir, file), bytes);
  const full: FixtureMeta = { ...meta, file, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  await writeJson(dir, file.replace(/\.ssz$/, ".meta.json"), full);
  return full;
}

async function writeJson(dir: string, file: string, value: unknown): Promise<void> {
  await fs.writeFile(path.join(dir, file), JSON.stringify(value, null, 2) + "\n");
}

main(path.resolve(process.argv[2] ?? BEACON_LODESTAR_FIXTURES)).catch((e: unknown) => {
  console.error(`capture-lodestar-fixtures: ${(e as Error).message}`);
  process.exitCode = 1;
});
