/**
 * The few beacon-API reads the Lodestar harness needs, against any node's REST URL, and the
 * waits built on them. A wait that fails says what it last saw and, when the node is one the
 * harness started, prints the tail of its log.
 */
import type { BeaconCheckpoint } from "../../src/model/beacon.js";
import { eventually } from "./eventually.js";
import { describeNode } from "./lodestar-process.js";

/** One REST call may not hang a wait: a busy node on two cores answers well within this. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

export async function getBytes(url: string, accept = "application/octet-stream"): Promise<Uint8Array> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), headers: { accept } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function postOk(url: string): Promise<void> {
  const res = await fetch(url, { method: "POST", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}

export interface NodeIdentity {
  peerId: string;
  enr: string;
  p2pAddresses: string[];
}

export async function nodeIdentity(restUrl: string): Promise<NodeIdentity> {
  const { data } = await getJson<{ data: { peer_id: string; enr: string; p2p_addresses: string[] } }>(`${restUrl}/eth/v1/node/identity`);
  return { peerId: data.peer_id, enr: data.enr, p2pAddresses: data.p2p_addresses };
}

export interface FinalityCheckpoints {
  previousJustified: BeaconCheckpoint;
  currentJustified: BeaconCheckpoint;
  finalized: BeaconCheckpoint;
}

type ApiCheckpoint = { epoch: string; root: string };
const checkpoint = (c: ApiCheckpoint): BeaconCheckpoint => ({ epoch: Number(c.epoch), root: c.root });

export async function finalityCheckpoints(restUrl: string, stateId = "head"): Promise<FinalityCheckpoints> {
  const { data } = await getJson<{ data: { previous_justified: ApiCheckpoint; current_justified: ApiCheckpoint; finalized: ApiCheckpoint } }>(
    `${restUrl}/eth/v1/beacon/states/${stateId}/finality_checkpoints`);
  return { previousJustified: checkpoint(data.previous_justified), currentJustified: checkpoint(data.current_justified), finalized: checkpoint(data.finalized) };
}

export interface BlockHeaderInfo {
  slot: number;
  /** The block root. */
  root: string;
  stateRoot: string;
}

export async function blockHeader(restUrl: string, blockId: string | number): Promise<BlockHeaderInfo> {
  const { data } = await getJson<{ data: { root: string; header: { message: { slot: string; state_root: string } } } }>(
    `${restUrl}/eth/v1/beacon/headers/${blockId}`);
  return { slot: Number(data.header.message.slot), root: data.root, stateRoot: data.header.message.state_root };
}

/**
 * The slot of the node's fork-choice head. From the sync status, not the head header: a
 * checkpoint-synced node has no block for its anchor, so `headers/head` is a 404 until it has
 * fetched a block past it.
 */
export async function headSlot(restUrl: string): Promise<number> {
  return (await syncStatus(restUrl)).headSlot;
}

export async function stateRoot(restUrl: string, stateId: string | number): Promise<string> {
  return (await getJson<{ data: { root: string } }>(`${restUrl}/eth/v1/beacon/states/${stateId}/root`)).data.root;
}

/** Whether the node has the block with this root (a 404 says no). */
export async function hasBlock(restUrl: string, root: string): Promise<boolean> {
  const res = await fetch(`${restUrl}/eth/v1/beacon/headers/${root}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await res.arrayBuffer();
  if (res.status === 200 || res.status === 404) return res.status === 200;
  throw new Error(`GET ${restUrl}/eth/v1/beacon/headers/${root}: HTTP ${res.status}`);
}

export interface SyncStatus {
  headSlot: number;
  syncDistance: number;
  isSyncing: boolean;
}

export async function syncStatus(restUrl: string): Promise<SyncStatus> {
  const { data } = await getJson<{ data: { head_slot: string; sync_distance: string; is_syncing: boolean } }>(`${restUrl}/eth/v1/node/syncing`);
  return { headSlot: Number(data.head_slot), syncDistance: Number(data.sync_distance), isSyncing: data.is_syncing };
}

/** Wait until the node's head state has finalized `epoch` or later; that finalized checkpoint. */
export async function waitFinalizedEpoch(restUrl: string, epoch: number, timeoutMs: number): Promise<BeaconCheckpoint> {
  let last: BeaconCheckpoint | null = null;
  return eventually(async () => {
    last = (await finalityCheckpoints(restUrl)).finalized;
    return last.epoch >= epoch ? last : null;
  }, { timeoutMs, intervalMs: 500, message: () => `${restUrl} finalizes epoch ${epoch} (last finalized: ${JSON.stringify(last)})${describeNode(restUrl)}` });
}
