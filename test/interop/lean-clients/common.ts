/**
 * What the lean checkpoint-sync clients share: an HTTP GET with a timeout and a size cap,
 * the full SSZ decode of a State and a SignedBlock (with @chainsafe/ssz, as a client decodes
 * its anchor), and the checks the clients make, each one a function so every client
 * module reads as the list of checks its source makes.
 */
import { Agent, request } from "undici";
import {
  Block,
  BlockBody,
  BlockHeader,
  SignedBlock,
  State,
  VALIDATOR_REGISTRY_LIMIT,
  toHex,
} from "../../../src/lean/index.js";
import type { SignedBlockValue, StateValue } from "../../../src/lean/index.js";

/** What a node knows before it syncs: its genesis config (time and validators). */
export interface NodeConfig {
  genesisTime: number;
  /** Each validator's two pubkeys, 0x hex, by index. */
  pubkeys: Array<{ attestation: string; proposal: string }>;
}

/** A lean node about to sync: its config, and the address it connects from (its machine). */
export interface LeanNode {
  config: NodeConfig;
  /** A loopback address of its own, so that quorumpoint tells it apart from other clients. */
  address: string;
}

const agents = new Map<string, Agent>();

/** One connection pool per client address, as each machine has its own. */
function agentFor(address: string): Agent {
  let a = agents.get(address);
  if (a === undefined) {
    a = new Agent({ localAddress: address });
    agents.set(address, a);
  }
  return a;
}

export async function closeAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents.clear();
}

/** What a client ends its checkpoint sync with: the anchor it would start from. */
export interface Anchor {
  client: string;
  /** hash_tree_root of the anchor block (from the block, or from the state's header for state-only clients). */
  blockRoot: string;
  stateRoot: string;
  slot: number;
  /** How many times it fetched the pair (1 = no retry). */
  attempts: number;
}

export class SyncError extends Error {}

export interface GetOptions {
  /** The client's address (LeanNode.address). */
  from: string;
  timeoutMs: number;
  /** Accept header; undefined sends none. */
  accept?: string;
  maxBytes?: number;
}

export async function get(url: string, o: GetOptions): Promise<Uint8Array> {
  const headers: Record<string, string> = {};
  if (o.accept !== undefined) headers.accept = o.accept;
  const res = await request(url, { headers, signal: AbortSignal.timeout(o.timeoutMs), dispatcher: agentFor(o.from) });
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    throw new SyncError(`GET ${url}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  }
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of res.body) {
    n += (chunk as Buffer).length;
    if (o.maxBytes !== undefined && n > o.maxBytes) {
      res.body.destroy();
      throw new SyncError(`GET ${url}: body over ${o.maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export interface Decoded {
  state: StateValue;
  stateRoot: Uint8Array;
}

export function decodeState(bytes: Uint8Array): Decoded {
  let state: StateValue;
  try {
    state = State.deserialize(bytes);
  } catch (e) {
    throw new SyncError(`state does not decode: ${(e as Error).message}`);
  }
  return { state, stateRoot: State.hashTreeRoot(state) };
}

export function decodeBlock(bytes: Uint8Array): SignedBlockValue {
  try {
    return SignedBlock.deserialize(bytes);
  } catch (e) {
    throw new SyncError(`block does not decode: ${(e as Error).message}`);
  }
}

/** The state's header with its state_root filled in: what the anchor block hashes to. */
export function headerRootOf(d: Decoded): Uint8Array {
  const h = d.state.latestBlockHeader;
  const zero = h.stateRoot.every((b) => b === 0);
  return BlockHeader.hashTreeRoot({ ...h, stateRoot: zero ? d.stateRoot : h.stateRoot });
}

export function blockRootOf(b: SignedBlockValue): Uint8Array {
  return Block.hashTreeRoot(b.block);
}

const hex = (u: Uint8Array) => toHex(u);

export const check = {
  validatorsWithinLimit(d: Decoded): void {
    const n = d.state.validators.length;
    if (n < 1 || n > VALIDATOR_REGISTRY_LIMIT) throw new SyncError(`${n} validators, not within 1..${VALIDATOR_REGISTRY_LIMIT}`);
  },
  genesisTime(d: Decoded, cfg: NodeConfig): void {
    if (d.state.config.genesisTime !== cfg.genesisTime) {
      throw new SyncError(`genesis_time ${d.state.config.genesisTime} != own ${cfg.genesisTime}`);
    }
  },
  validatorsEqualConfig(d: Decoded, cfg: NodeConfig): void {
    if (d.state.validators.length !== cfg.pubkeys.length) {
      throw new SyncError(`${d.state.validators.length} validators, config has ${cfg.pubkeys.length}`);
    }
    d.state.validators.forEach((v, i) => {
      const want = cfg.pubkeys[i]!;
      if (hex(v.attestationPubkey) !== want.attestation || hex(v.proposalPubkey) !== want.proposal) {
        throw new SyncError(`validator ${i}'s pubkeys differ from the config`);
      }
    });
  },
  slotNotZero(d: Decoded): void {
    if (d.state.slot === 0) throw new SyncError("state slot is 0: not a checkpoint");
  },
  finalizedNotAfterState(d: Decoded): void {
    if (d.state.latestFinalized.slot > d.state.slot) throw new SyncError("finalized slot is after the state's slot");
  },
  justifiedNotBeforeFinalized(d: Decoded): void {
    if (d.state.latestJustified.slot < d.state.latestFinalized.slot) throw new SyncError("justified slot is before the finalized slot");
  },
  /** block.state_root == hash_tree_root(state): the pair check every block-fetching client makes. */
  blockStateRoot(d: Decoded, b: SignedBlockValue): void {
    if (hex(b.block.stateRoot) !== hex(d.stateRoot)) {
      throw new PairMismatch(`block.state_root ${hex(b.block.stateRoot)} != hash_tree_root(state) ${hex(d.stateRoot)}`);
    }
  },
  /** The block's header equals the state's latest_block_header with state_root zeroed (ethlambda, gean). */
  headerMatchesBlock(d: Decoded, b: SignedBlockValue): void {
    const h = d.state.latestBlockHeader;
    const blk = b.block;
    const same = h.slot === blk.slot && h.proposerIndex === blk.proposerIndex && hex(h.parentRoot) === hex(blk.parentRoot)
      && h.stateRoot.every((x) => x === 0) && hex(h.bodyRoot) === hex(BlockBody.hashTreeRoot(blk.body));
    if (!same) throw new PairMismatch("block header differs from the state's latest_block_header");
  },
  /** hash_tree_root(block) equals the state's header root with state_root filled in (zeam). */
  blockRootMatchesHeader(d: Decoded, b: SignedBlockValue): void {
    if (hex(blockRootOf(b)) !== hex(headerRootOf(d))) throw new PairMismatch("hash_tree_root(block) != the state's header root");
  },
};

/** A block and a state that are not one pair: the clients that retry, retry on this. */
export class PairMismatch extends SyncError {}

/** Try `attempt` up to `tries` times while it fails with a pair mismatch. */
export async function retryPair<T>(tries: number, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (!(e instanceof PairMismatch) || n >= tries) throw e;
    }
  }
}

/** The anchor of a decoded block and state pair. */
export function anchorOf(client: string, d: Decoded, b: SignedBlockValue | null, attempts: number): Anchor {
  return { client, blockRoot: hex(b ? blockRootOf(b) : headerRootOf(d)), stateRoot: hex(d.stateRoot), slot: d.state.latestBlockHeader.slot, attempts };
}

export const STATE_SUFFIX = "/lean/v0/states/finalized";
export const BLOCK_SUFFIX = "/lean/v0/blocks/finalized";
export const SSZ = "application/octet-stream";
