/**
 * A beacon devnet of a few nodes, checked with plain fetch over loopback: the config and
 * genesis parse, finality moves, the finalized state decodes with @lodestar/types and proves
 * the checkpoint the node reports (state root against the header, derived block root
 * against the finalized root, the block), a checkpoint whose epoch starts with skipped
 * slots is consistent, and the beacon faults do what they say.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setActivePreset, PresetName } from "@lodestar/params/setPreset";
import { startDevnet } from "../../src/devnet/index.js";
import type { BeaconDevnetHandle, BeaconExpectedCheckpoint } from "../../src/devnet/index.js";
import { BEACON_PATHS } from "../../src/devnet/beacon/paths.js";
import { toHex } from "../../src/model/hex.js";
import { eventually } from "../support/eventually.js";

setActivePreset(PresetName.minimal);
const { ssz } = await import("@lodestar/types");

const SSZ = { accept: "application/octet-stream" };
// node 0, 1 healthy; then one node per fault.
const FAULTS = "wrong-network,head-state,no-ssz,blackhole,lagging@2,forked,wrong-root,corrupted";
const WRONG = 2;
const HEAD_STATE = 3;
const NO_SSZ = 4;
const BLACKHOLE = 5;
const LAGGING = 6;
const FORKED = 7;
const WRONG_ROOT = 8;
const CORRUPTED = 9;

let dn: BeaconDevnetHandle;

before(async () => {
  dn = await startDevnet({ chain: "beacon", nodes: 10, preset: "minimal", clock: "paused", faults: FAULTS, forks: { electra: 5, fulu: 7 } });
});

after(() => dn.close());

async function json(node: number, path: string): Promise<{ data: Record<string, unknown> } & Record<string, unknown>> {
  const res = await fetch(dn.urls[node] + path);
  assert.equal(res.status, 200, path);
  return (await res.json()) as { data: Record<string, unknown> };
}

async function sszState(node: number, id: string | number): Promise<{ bytes: Uint8Array; version: string | null }> {
  const res = await fetch(dn.urls[node] + BEACON_PATHS.state(id), { headers: SSZ });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/octet-stream");
  return { bytes: new Uint8Array(await res.arrayBuffer()), version: res.headers.get("eth-consensus-version") };
}

/** What Lodestar checks of a checkpoint state, and what Lighthouse adds with the block. */
async function checkCheckpoint(node: number, x: BeaconExpectedCheckpoint): Promise<void> {
  const fc = (await json(node, BEACON_PATHS.finalityCheckpoints("head"))).data.finalized as { epoch: string; root: string };
  assert.deepEqual(fc, { epoch: String(x.epoch), root: x.root });
  const { bytes, version } = await sszState(node, x.epoch * 8);
  assert.equal(version, x.fork);
  const type = ssz[x.fork].BeaconState as unknown as typeof ssz.fulu.BeaconState;
  const state = type.deserialize(bytes);
  const root = toHex(type.hashTreeRoot(state));
  assert.equal(root, x.stateRoot);
  assert.equal(state.slot, x.slot);
  const h = state.latestBlockHeader;
  const filled = h.stateRoot.every((b) => b === 0) ? type.hashTreeRoot(state) : h.stateRoot;
  const derived = toHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot({ slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot: filled, bodyRoot: h.bodyRoot }));
  assert.equal(derived, fc.root, "the state proves the finalized root");
  const header = (await json(node, BEACON_PATHS.header("finalized"))).data as { root: string; header: { message: { slot: string; state_root: string } } };
  assert.equal(header.root, fc.root);
  assert.equal(Number(header.header.message.slot), h.slot);
  // The header's state_root is the block's post-state: the served state itself, or the one it was advanced from.
  if (x.blockSlot === x.slot) assert.equal(header.header.message.state_root, root);
  else assert.equal(header.header.message.state_root, toHex(h.stateRoot));
  const res = await fetch(dn.urls[node] + BEACON_PATHS.block(h.slot), { headers: SSZ });
  const blockFork = res.headers.get("eth-consensus-version") as typeof x.fork;
  const blockType = ssz[blockFork] as unknown as typeof ssz.fulu;
  const block = blockType.SignedBeaconBlock.deserialize(new Uint8Array(await res.arrayBuffer()));
  assert.equal(toHex(blockType.BeaconBlock.hashTreeRoot(block.message)), fc.root, "the block is the checkpoint's");
  assert.equal(toHex(block.message.stateRoot), header.header.message.state_root);
  assert.equal((await json(node, BEACON_PATHS.blockRoot("finalized"))).data.root, fc.root);
}

test("spec, fork schedule and genesis parse and agree with the states", async () => {
  const spec = (await json(0, BEACON_PATHS.spec)).data as Record<string, string>;
  assert.equal(spec.PRESET_BASE, "minimal");
  assert.equal(spec.SLOTS_PER_EPOCH, "8");
  assert.equal(spec.ELECTRA_FORK_EPOCH, "5");
  assert.equal(spec.FULU_FORK_EPOCH, "7");
  assert.match(spec.GENESIS_FORK_VERSION, /^0x[0-9a-f]{8}$/);
  const schedule = (await json(0, BEACON_PATHS.forkSchedule)).data as unknown as { epoch: string }[];
  assert.deepEqual(schedule.map((f) => f.epoch), ["0", "0", "0", "0", "0", "5", "7"]);
  const genesis = (await json(0, BEACON_PATHS.genesis)).data as { genesis_validators_root: string; genesis_time: string };
  assert.equal(genesis.genesis_time, String(dn.config.genesisTime));
  const x = await dn.control.expected();
  assert.equal(genesis.genesis_validators_root, x.genesisValidatorsRoot);
  const state = ssz.deneb.BeaconState.deserialize((await sszState(0, "finalized")).bytes);
  assert.equal(toHex(state.genesisValidatorsRoot), genesis.genesis_validators_root);
  assert.equal((await json(0, BEACON_PATHS.syncing)).data.is_syncing, false);
  assert.equal((await fetch(dn.urls[0] + BEACON_PATHS.health)).status, 200);
  assert.equal(dn.upstreams[0].path, BEACON_PATHS.finalizedState);
});

test("finality moves epoch by epoch; every checkpoint proves itself, skipped epoch starts included, across forks", async () => {
  let x = await dn.control.expected();
  let skipped = 0;
  const forks = new Set<string>();
  for (let i = 0; i < 7; i++) {
    const next = await dn.control.advanceFinality();
    assert.equal(next.epoch, x.epoch + 1);
    x = next;
    await checkCheckpoint(i % 2, x);
    if (x.blockSlot < x.slot) skipped += 1;
    forks.add(x.fork);
  }
  assert.ok(skipped >= 1, "a checkpoint whose first slot was skipped came by");
  assert.ok(forks.has("electra") && forks.has("fulu"), [...forks].join(","));
});

test("unknown ids are 404 with a beacon-API error body; bad ids 400", async () => {
  const res = await fetch(dn.urls[0] + BEACON_PATHS.state(10_000_000), { headers: SSZ });
  assert.equal(res.status, 404);
  const body = (await res.json()) as { code: number; message: string };
  assert.equal(body.code, 404);
  assert.equal(typeof body.message, "string");
  assert.equal((await fetch(dn.urls[0] + BEACON_PATHS.header("0x" + "ab".repeat(32)))).status, 404);
  assert.equal((await fetch(dn.urls[0] + BEACON_PATHS.finalityCheckpoints("nonsense"))).status, 400);
});

test("wrong-network: another genesis_validators_root in its genesis, spec and states", async () => {
  const mine = (await json(0, BEACON_PATHS.genesis)).data.genesis_validators_root;
  const theirs = (await json(WRONG, BEACON_PATHS.genesis)).data.genesis_validators_root;
  assert.notEqual(theirs, mine);
  const spec0 = (await json(0, BEACON_PATHS.spec)).data;
  const specW = (await json(WRONG, BEACON_PATHS.spec)).data;
  assert.notEqual(specW.CONFIG_NAME, spec0.CONFIG_NAME);
  assert.notEqual(specW.GENESIS_FORK_VERSION, spec0.GENESIS_FORK_VERSION);
  const { bytes, version } = await sszState(WRONG, "finalized");
  const state = (ssz[version as "fulu"].BeaconState as typeof ssz.fulu.BeaconState).deserialize(bytes);
  assert.equal(toHex(state.genesisValidatorsRoot), theirs);
  assert.equal((await dn.control.list())[WRONG].behaviour, "wrong-network");
});

test("head-state: the finalized slot's state is a real state of that slot that does not prove the finalized root", async () => {
  const x = await dn.control.expected();
  const { bytes, version } = await sszState(HEAD_STATE, x.slot);
  const type = ssz[version as "fulu"].BeaconState as typeof ssz.fulu.BeaconState;
  const state = type.deserialize(bytes);
  assert.equal(state.slot, x.slot);
  assert.notEqual(toHex(type.hashTreeRoot(state)), x.stateRoot);
  const h = state.latestBlockHeader;
  assert.notEqual(toHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(h)), x.root);
  // Its finality endpoint and headers are honest: only the state is stale.
  const fc = (await json(HEAD_STATE, BEACON_PATHS.finalityCheckpoints("head"))).data.finalized as { root: string };
  assert.equal(fc.root, x.root);
});

test("no-ssz: 415 when only SSZ is acceptable, JSON otherwise", async () => {
  const res = await fetch(dn.urls[NO_SSZ] + BEACON_PATHS.finalizedState, { headers: SSZ });
  assert.equal(res.status, 415);
  await res.body?.cancel();
  const j = await fetch(dn.urls[NO_SSZ] + BEACON_PATHS.finalizedState, { headers: { accept: "application/json" } });
  assert.equal(j.status, 200);
  const body = (await j.json()) as { version: string; data: { slot: string } };
  assert.equal(body.data.slot, String((await dn.control.expected()).slot));
});

test("blackhole: the request is accepted and never answered", async () => {
  const outcome = await fetch(dn.urls[BLACKHOLE] + BEACON_PATHS.finalizedState, { headers: SSZ, signal: AbortSignal.timeout(500) }).then(
    () => "answered",
    (e: Error) => e.name,
  );
  assert.equal(outcome, "TimeoutError");
});

test("with the clock running, finality_checkpoints move on their own, one epoch at a time", async (t) => {
  const running = await startDevnet({ chain: "beacon", nodes: 1, preset: "minimal", slotMs: 20 });
  t.after(() => running.close());
  const finalized = async (): Promise<number> => {
    const res = await fetch(running.urls[0] + BEACON_PATHS.finalityCheckpoints("head"));
    return Number(((await res.json()) as { data: { finalized: { epoch: string } } }).data.finalized.epoch);
  };
  const first = await finalized();
  const seen = [first];
  await eventually(
    async () => {
      const e = await finalized();
      if (e !== seen[seen.length - 1]) seen.push(e);
      return seen.length >= 3;
    },
    { timeoutMs: 30_000, message: () => `finalized epochs seen: ${seen.join(", ")}` },
  );
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1], seen.join(", "));
});

test("lean behaviours on the beacon API: lagging, forked, wrong-root, corrupted", async () => {
  const x = await dn.control.expected();
  const epochOf = async (node: number): Promise<{ epoch: string; root: string }> =>
    (await json(node, BEACON_PATHS.finalityCheckpoints("head"))).data.finalized as { epoch: string; root: string };
  assert.equal((await epochOf(LAGGING)).epoch, String(x.epoch - 2));
  const forked = await epochOf(FORKED);
  assert.equal(forked.epoch, String(x.epoch));
  assert.notEqual(forked.root, x.root);
  assert.equal(forked.root, (await dn.control.expected(1)).root);
  const type = ssz[x.fork].BeaconState as unknown as typeof ssz.fulu.BeaconState;
  const wrong = await sszState(WRONG_ROOT, "finalized");
  assert.equal(wrong.bytes.length, x.stateSize);
  assert.notEqual(toHex(type.hashTreeRoot(type.deserialize(wrong.bytes))), x.stateRoot);
  const corrupted = await sszState(CORRUPTED, "finalized");
  assert.throws(() => type.deserialize(corrupted.bytes));
});
