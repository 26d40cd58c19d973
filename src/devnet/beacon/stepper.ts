/**
 * The beacon state transition as the devnet simulates it: process_slot (state and block
 * roots recorded, the latest header's state_root filled in), epoch processing (finality
 * lagging two epochs, the historical accumulator), fork upgrades, and blocks with
 * deterministic contents. No attestations or rewards: the registry never changes.
 *
 * States are immutable: each step makes a shallow copy and replaces the fields it changes,
 * so a state kept for a checkpoint costs only what differs from its neighbours.
 */
import { BitArray } from "@chainsafe/ssz";
import type { BeaconFork } from "../../model/beacon.js";
import { toHex } from "../../model/hex.js";
import type { Lodestar } from "./lodestar.js";
import type { Network } from "./network.js";
import { pseudoBytes } from "./network.js";
import type { Registry } from "./registry.js";
import type { StateCodec, StateType, StateValue } from "./state-codec.js";

const ZERO_ROOT = new Uint8Array(32);
export const ZERO_SIGNATURE = new Uint8Array(96);

export interface SimState {
  fork: BeaconFork;
  slot: number;
  value: StateValue;
  /** hash_tree_root of exactly this state, once known. */
  root: Uint8Array | null;
  /** Root of the latest block as of this state (its header with state_root filled). */
  latestBlockRoot: Uint8Array;
}

export interface BlockRecord {
  slot: number;
  fork: BeaconFork;
  root: Uint8Array;
  /** The BeaconBlock; its state_root is the root of its post-state (header state_root zero). */
  message: StateValue;
  header: { slot: number; proposerIndex: number; parentRoot: Uint8Array; stateRoot: Uint8Array; bodyRoot: Uint8Array };
  /** SSZ SignedBeaconBlock, made on first need. */
  bytes: Buffer | null;
}

interface Header {
  slot: number;
  proposerIndex: number;
  parentRoot: Uint8Array;
  stateRoot: Uint8Array;
  bodyRoot: Uint8Array;
}

/**
 * Which slots have no block: some first slots of epochs (every third epoch's first slot,
 * every sixth epoch's first two), so checkpoints whose state is advanced through empty
 * slots occur often, and about one slot in eleven elsewhere.
 */
export function isSkipped(slot: number, slotsPerEpoch: number): boolean {
  if (slot === 0) return false;
  const epoch = Math.floor(slot / slotsPerEpoch);
  const inEpoch = slot % slotsPerEpoch;
  if (inEpoch === 0) return epoch % 3 === 1;
  if (inEpoch === 1) return epoch % 6 === 1;
  return Math.imul(slot, 2654435761) >>> 0 < 0xffffffff / 11;
}

/**
 * A new header with `stateRoot`, field by field: a spread would also copy the root that
 * @chainsafe/ssz caches on a hashed header object (a symbol key), and the copy would hash
 * as the old header.
 */
function withStateRoot(h: Header, stateRoot: Uint8Array): Header {
  return { slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot, bodyRoot: h.bodyRoot };
}

function isZero(b: Uint8Array): boolean {
  for (const x of b) if (x !== 0) return false;
  return true;
}

/** One chain's transition: its network, its seed (block contents) and where checkpoints are. */
export class Stepper {
  readonly #l: Lodestar;
  readonly codec: StateCodec;
  readonly network: Network;
  readonly #registry: Registry;
  readonly seed: number;
  readonly #bodies = new Map<BeaconFork, StateValue>();

  constructor(lodestar: Lodestar, codec: StateCodec, network: Network, registry: Registry, seed: number) {
    this.#l = lodestar;
    this.codec = codec;
    this.network = network;
    this.#registry = registry;
    this.seed = seed;
  }

  get slotsPerEpoch(): number {
    return this.#l.params.SLOTS_PER_EPOCH;
  }

  stateType(fork: BeaconFork): StateType {
    return this.#l.ssz[fork].BeaconState as unknown as StateType;
  }

  rootOf(s: SimState): Uint8Array {
    s.root ??= this.codec.root(this.stateType(s.fork), s.value);
    return s.root;
  }

  /** The genesis state and its block (slot 0, every validator active). */
  genesis(): { state: SimState; block: BlockRecord } {
    const net = this.network;
    const f = net.forkAtEpoch(0);
    const p = this.#l.params;
    const value = this.stateType(f.fork).defaultValue() as StateValue;
    const eth1BlockHash = pseudoBytes(`eth1:${net.params.versionTag}`);
    const body = this.#body(f.fork, 0);
    value.genesisTime = net.params.genesisTime;
    value.genesisValidatorsRoot = net.genesisValidatorsRoot;
    value.fork = { previousVersion: net.version(f.previous), currentVersion: net.version(f.fork), epoch: 0 };
    value.latestBlockHeader = { slot: 0, proposerIndex: 0, parentRoot: ZERO_ROOT, stateRoot: ZERO_ROOT, bodyRoot: this.#bodyRoot(f.fork, body) };
    // Through JSON: these integers are numbers in some forks' types and bigints in others.
    const fields = this.stateType(f.fork).fields;
    const n = String(this.#registry.count);
    value.eth1Data = fields.eth1Data.fromJson({ deposit_root: toHex(pseudoBytes("deposits")), deposit_count: n, block_hash: toHex(eth1BlockHash) });
    value.eth1DepositIndex = fields.eth1DepositIndex.fromJson(n);
    value.randaoMixes = Array.from({ length: p.EPOCHS_PER_HISTORICAL_VECTOR }, () => eth1BlockHash);
    this.#fillSyncCommittees(value);
    const state: SimState = { fork: f.fork, slot: 0, value, root: null, latestBlockRoot: ZERO_ROOT };
    const stateRoot = this.rootOf(state);
    const header = withStateRoot(value.latestBlockHeader as Header, stateRoot);
    const block = this.#record(f.fork, header, body);
    return { state: { ...state, latestBlockRoot: block.root }, block };
  }

  /** process_slot, then the epoch and fork transitions into slot + 1. */
  processSlot(s: SimState, checkpointRoot: (epoch: number) => Uint8Array): SimState {
    const p = this.#l.params;
    const root = this.rootOf(s);
    const v: StateValue = { ...s.value };
    const at = s.slot % p.SLOTS_PER_HISTORICAL_ROOT;
    v.stateRoots = (v.stateRoots as Uint8Array[]).slice();
    (v.stateRoots as Uint8Array[])[at] = root;
    const header = v.latestBlockHeader as Header;
    if (isZero(header.stateRoot)) v.latestBlockHeader = withStateRoot(header, root);
    v.blockRoots = (v.blockRoots as Uint8Array[]).slice();
    (v.blockRoots as Uint8Array[])[at] = s.latestBlockRoot;
    const next = s.slot + 1;
    if (next % p.SLOTS_PER_EPOCH === 0) this.#epochTransition(v, next / p.SLOTS_PER_EPOCH, checkpointRoot);
    v.slot = next;
    let state: SimState = { fork: s.fork, slot: next, value: v, root: null, latestBlockRoot: s.latestBlockRoot };
    const f = this.network.forkAtEpoch(Math.floor(next / p.SLOTS_PER_EPOCH));
    if (f.fork !== s.fork) state = this.#upgrade(state, f.fork, f.epoch);
    return state;
  }

  /** Apply this chain's block at `s.slot` (processSlot has run): its post-state and the block. */
  applyBlock(s: SimState): { state: SimState; block: BlockRecord } {
    const body = this.#body(s.fork, s.slot);
    const header: Header = {
      slot: s.slot,
      proposerIndex: (s.slot * 7 + this.seed) % this.#registry.count,
      parentRoot: s.latestBlockRoot,
      stateRoot: ZERO_ROOT,
      bodyRoot: this.#bodyRoot(s.fork, body),
    };
    const state: SimState = { ...s, value: { ...s.value, latestBlockHeader: header }, root: null };
    const block = this.#record(s.fork, withStateRoot(header, this.rootOf(state)), body);
    return { state: { ...state, latestBlockRoot: block.root }, block };
  }

  /** SSZ SignedBeaconBlock of a record (zero signature: nobody verifies BLS here). */
  blockBytes(b: BlockRecord): Buffer {
    if (b.bytes === null) {
      const u8 = this.#l.ssz[b.fork].SignedBeaconBlock.serialize({ message: b.message, signature: ZERO_SIGNATURE } as never);
      b.bytes = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
    }
    return b.bytes;
  }

  blockJson(b: BlockRecord): unknown {
    return this.#l.ssz[b.fork].SignedBeaconBlock.toJson({ message: b.message, signature: ZERO_SIGNATURE } as never);
  }

  #record(fork: BeaconFork, header: Header, body: StateValue): BlockRecord {
    const root = this.#l.ssz.phase0.BeaconBlockHeader.hashTreeRoot(header);
    const message = { slot: header.slot, proposerIndex: header.proposerIndex, parentRoot: header.parentRoot, stateRoot: header.stateRoot, body };
    return { slot: header.slot, fork, root, message, header, bytes: null };
  }

  /** A block body of the fork's default shape with a graffiti of this chain's seed and slot. */
  #body(fork: BeaconFork, slot: number): StateValue {
    let base = this.#bodies.get(fork);
    if (base === undefined) {
      base = this.#l.ssz[fork].BeaconBlockBody.defaultValue() as StateValue;
      this.#bodies.set(fork, base);
    }
    return { ...base, graffiti: pseudoBytes(`graffiti:${this.network.params.versionTag}:${this.seed}:${slot}`) };
  }

  #bodyRoot(fork: BeaconFork, body: StateValue): Uint8Array {
    return this.#l.ssz[fork].BeaconBlockBody.hashTreeRoot(body as never);
  }

  /** Finality two epochs behind, justification one: the states' own checkpoint fields. */
  #epochTransition(v: StateValue, epoch: number, checkpointRoot: (epoch: number) => Uint8Array): void {
    const cp = (e: number): { epoch: number; root: Uint8Array } => (e <= 0 ? { epoch: 0, root: ZERO_ROOT } : { epoch: e, root: checkpointRoot(e) });
    v.previousJustifiedCheckpoint = cp(epoch - 2);
    v.currentJustifiedCheckpoint = cp(epoch - 1);
    v.finalizedCheckpoint = cp(epoch - 2);
    v.justificationBits = BitArray.fromBoolArray([epoch >= 2, epoch >= 3, false, false]);
    const p = this.#l.params;
    if ((epoch * p.SLOTS_PER_EPOCH) % p.SLOTS_PER_HISTORICAL_ROOT !== 0) return;
    const ssz = this.#l.ssz;
    const blockRoots = v.blockRoots as Uint8Array[];
    const stateRoots = v.stateRoots as Uint8Array[];
    if ("historicalSummaries" in v) {
      const summary = { blockSummaryRoot: ssz.phase0.HistoricalBlockRoots.hashTreeRoot(blockRoots), stateSummaryRoot: ssz.phase0.HistoricalStateRoots.hashTreeRoot(stateRoots) };
      v.historicalSummaries = [...(v.historicalSummaries as unknown[]), summary];
    } else {
      v.historicalRoots = [...(v.historicalRoots as Uint8Array[]), ssz.phase0.HistoricalBatch.hashTreeRoot({ blockRoots, stateRoots })];
    }
  }

  /** The state as the next fork's type: shared fields kept, new ones at their defaults. */
  #upgrade(s: SimState, fork: BeaconFork, epoch: number): SimState {
    const oldType = this.stateType(s.fork);
    const newType = this.stateType(fork);
    const v = newType.defaultValue() as StateValue;
    for (const f of newType.fieldsEntries) {
      const name = f.fieldName;
      const old = oldType.fields[name];
      if (old === undefined || this.codec.isRegistryField(name)) continue;
      if (old === f.fieldType) v[name] = s.value[name];
      else {
        try {
          v[name] = f.fieldType.fromJson(old.toJson(s.value[name]));
        } catch {
          // the field changed shape at this fork (an execution payload header): its default
        }
      }
    }
    const oldFork = s.value.fork as { currentVersion: Uint8Array };
    v.fork = { previousVersion: oldFork.currentVersion, currentVersion: this.network.version(fork), epoch };
    if (!("currentSyncCommittee" in s.value)) this.#fillSyncCommittees(v);
    return { ...s, fork, value: v, root: null };
  }

  #fillSyncCommittees(v: StateValue): void {
    if (!("currentSyncCommittee" in v)) return;
    const size = this.#l.params.SYNC_COMMITTEE_SIZE;
    const committee = {
      pubkeys: Array.from({ length: size }, (_, i) => this.#registry.pubkey(i % this.#registry.count)),
      aggregatePubkey: pseudoBytes("sync-aggregate", 48),
    };
    v.currentSyncCommittee = committee;
    v.nextSyncCommittee = committee;
  }
}
