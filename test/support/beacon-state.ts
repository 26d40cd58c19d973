/**
 * Real beacon states and blocks for tests, built with @lodestar/types for any fork and
 * either preset (the thread's: see src/beacon/ssz-types.ts). Values are typed loosely:
 * one builder covers every fork, whose containers differ after the common first fields.
 */
import { type BeaconFork, type BeaconNetwork, forkAtSlot } from "../../src/model/beacon.js";
import { fromHex, toHex } from "../../src/model/hex.js";
import type { BeaconTypes } from "../../src/beacon/ssz-types.js";

// biome-ignore lint/suspicious/noExplicitAny: one builder for every fork's value shape
type AnyValue = any;
interface AnyType {
  defaultValue(): AnyValue;
  serialize(v: AnyValue): Uint8Array;
  hashTreeRoot(v: AnyValue): Uint8Array;
}

function sszOf(types: BeaconTypes, fork: BeaconFork, name: string): AnyType {
  return (types.ssz as unknown as Record<string, Record<string, AnyType>>)[fork]![name]!;
}

/**
 * A fresh BeaconBlockHeader value. Never `{...header, stateRoot}`: @chainsafe/ssz caches a
 * hashed container's root on the value under a symbol, and a spread copies that stale root.
 */
export function headerValue(h: { slot: number; proposerIndex: number; parentRoot: Uint8Array; stateRoot: Uint8Array; bodyRoot: Uint8Array }): AnyValue {
  return { slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot: h.stateRoot, bodyRoot: h.bodyRoot };
}

function filled(length: number, byte: number): Uint8Array {
  return new Uint8Array(length).fill(byte & 0xff);
}

export interface BeaconCheckpointValue {
  epoch: number;
  root: string;
}

export interface MakeBeaconStateOptions {
  types: BeaconTypes;
  network: BeaconNetwork;
  /** The state's slot; its fork is the network's at that slot. */
  slot: number;
  /**
   * The slot of its latest block (default `slot`). Below `slot`, the state is that block's
   * post-state advanced through empty slots: its header carries the post-state's root.
   */
  blockSlot?: number;
  validators?: number;
  /** Varies roots and keys, so two seeds make two different chains. */
  seed?: number;
  finalized?: BeaconCheckpointValue;
  currentJustified?: BeaconCheckpointValue;
  previousJustified?: BeaconCheckpointValue;
  /** Extra block_roots entries by slot (0x roots), written at `slot % SLOTS_PER_HISTORICAL_ROOT`. */
  blockRoots?: Record<number, string>;
  /** Overrides to build a state of another network. */
  genesisValidatorsRoot?: string;
  currentVersion?: string;
  genesisTime?: number;
}

export interface TestBlock {
  bytes: Uint8Array;
  value: AnyValue;
  /** hash_tree_root(message), 0x hex. */
  root: string;
}

export interface TestBeaconState {
  fork: BeaconFork;
  bytes: Uint8Array;
  value: AnyValue;
  /** hash_tree_root(state), 0x hex. */
  root: string;
  /** The latest block: its root, and the state root its header commits to (its post-state's). */
  blockRoot: string;
  blockStateRoot: string;
  /** The latest block itself, as an upstream serves it. */
  block: TestBlock;
}

export interface MakeSignedBeaconBlockOptions {
  types: BeaconTypes;
  fork: BeaconFork;
  slot: number;
  proposerIndex?: number;
  parentRoot?: Uint8Array;
  stateRoot: Uint8Array;
  seed?: number;
}

/** A SignedBeaconBlock of `fork` (default body but for its graffiti, zero signature). */
export function makeSignedBeaconBlock(o: MakeSignedBeaconBlockOptions): TestBlock {
  const seed = o.seed ?? 1;
  const body = sszOf(o.types, o.fork, "BeaconBlockBody").defaultValue();
  body.graffiti = filled(32, seed + 0x60);
  const message = {
    slot: o.slot,
    proposerIndex: o.proposerIndex ?? 0,
    parentRoot: o.parentRoot ?? filled(32, seed + 0x20),
    stateRoot: o.stateRoot,
    body,
  };
  const value = { message, signature: filled(96, 0) };
  const bytes = sszOf(o.types, o.fork, "SignedBeaconBlock").serialize(value);
  return { bytes, value, root: toHex(sszOf(o.types, o.fork, "BeaconBlock").hashTreeRoot(message)) };
}

function stateValue(o: MakeBeaconStateOptions, fork: BeaconFork, slot: number, header: AnyValue): AnyValue {
  const { types, network } = o;
  const seed = o.seed ?? 1;
  const n = o.validators ?? 4;
  const v = sszOf(types, fork, "BeaconState").defaultValue();
  const entry = network.forks.find((f) => f.fork === fork)!;
  const previous = network.forks[Math.max(0, network.forks.indexOf(entry) - 1)]!;
  v.genesisTime = o.genesisTime ?? network.genesisTime;
  v.genesisValidatorsRoot = fromHex(o.genesisValidatorsRoot ?? network.genesisValidatorsRoot, 32);
  v.slot = slot;
  v.fork = { previousVersion: fromHex(previous.version, 4), currentVersion: fromHex(o.currentVersion ?? entry.version, 4), epoch: entry.epoch };
  v.latestBlockHeader = header;
  v.validators = Array.from({ length: n }, (_, i) => ({
    pubkey: filled(48, seed * 16 + i + 1),
    withdrawalCredentials: filled(32, i),
    effectiveBalance: 32_000_000_000,
    slashed: false,
    activationEligibilityEpoch: 0,
    activationEpoch: 0,
    exitEpoch: Number.POSITIVE_INFINITY,
    withdrawableEpoch: Number.POSITIVE_INFINITY,
  }));
  v.balances = Array.from({ length: n }, () => 32_000_000_000);
  if (fork !== "phase0") {
    v.previousEpochParticipation = Array.from({ length: n }, () => 7);
    v.currentEpochParticipation = Array.from({ length: n }, () => 3);
    v.inactivityScores = Array.from({ length: n }, () => 0);
  }
  const cp = (c: BeaconCheckpointValue | undefined, fill: number) => (c ? { epoch: c.epoch, root: fromHex(c.root, 32) } : { epoch: 0, root: filled(32, fill) });
  v.finalizedCheckpoint = cp(o.finalized, seed + 1);
  v.currentJustifiedCheckpoint = cp(o.currentJustified, seed + 2);
  v.previousJustifiedCheckpoint = cp(o.previousJustified, seed + 3);
  for (const [s, root] of Object.entries(o.blockRoots ?? {})) v.blockRoots[Number(s) % network.slotsPerHistoricalRoot] = fromHex(root, 32);
  return v;
}

/** A real BeaconState at `slot` whose latest block is at `blockSlot` (see MakeBeaconStateOptions). */
export function makeBeaconState(o: MakeBeaconStateOptions): TestBeaconState {
  const { types, network } = o;
  const seed = o.seed ?? 1;
  const blockSlot = o.blockSlot ?? o.slot;
  const blockFork = forkAtSlot(network, blockSlot).fork;
  const fork = forkAtSlot(network, o.slot).fork;
  const proposerIndex = blockSlot % (o.validators ?? 4);
  const parentRoot = filled(32, seed + 0x20);
  // The block's post-state first: its root goes into the block, and into the header once advanced.
  const body = makeSignedBeaconBlock({ types, fork: blockFork, slot: blockSlot, proposerIndex, parentRoot, stateRoot: filled(32, 0), seed }).value.message.body;
  const bodyRoot = sszOf(types, blockFork, "BeaconBlockBody").hashTreeRoot(body);
  const header = headerValue({ slot: blockSlot, proposerIndex, parentRoot, stateRoot: filled(32, 0), bodyRoot });
  const postValue = stateValue(o, blockFork, blockSlot, header);
  const postRoot = sszOf(types, blockFork, "BeaconState").hashTreeRoot(postValue);
  const block = makeSignedBeaconBlock({ types, fork: blockFork, slot: blockSlot, proposerIndex, parentRoot, stateRoot: postRoot, seed });
  let value = postValue;
  if (o.slot > blockSlot) {
    // process_slots: the header gets the post-state's root, and each empty slot records it.
    value = stateValue(o, fork, o.slot, headerValue({ ...header, stateRoot: postRoot }));
    for (let s = blockSlot; s < o.slot; s++) {
      value.blockRoots[s % network.slotsPerHistoricalRoot] = fromHex(block.root, 32);
      value.stateRoots[s % network.slotsPerHistoricalRoot] = s === blockSlot ? postRoot : filled(32, s);
    }
  }
  const stateType = sszOf(types, fork, "BeaconState");
  return {
    fork,
    bytes: stateType.serialize(value),
    value,
    root: toHex(stateType.hashTreeRoot(value)),
    blockRoot: block.root,
    blockStateRoot: toHex(postRoot),
    block,
  };
}
