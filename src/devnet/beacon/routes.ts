/**
 * The beacon API of a simulated beacon node: config, genesis, node status, finality,
 * headers, blocks and debug states, answered from the node's view of the chains
 * (chains.ts), with the body and beacon faults of its behaviour (see behaviours.ts).
 * JSON answers are `{ data }` with integers as decimal strings; SSZ answers carry
 * `Eth-Consensus-Version`, as checkpointz and the clients expect.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { toHex } from "../../model/hex.js";
import type { Behaviour } from "../behaviours.js";
import { SSZ } from "../lean-routes.js";
import type { NodeRoutes } from "../node-server.js";
import { sendBody, sendJson, stateFaultPlan } from "../responses.js";
import type { BodyPlan, TimerSet } from "../responses.js";
import type { StateSnapshot } from "./chain.js";
import type { NodeChainView } from "./chains.js";
import { BEACON_PATHS } from "./paths.js";
import type { BlockRecord, SimState } from "./stepper.js";
import { ZERO_SIGNATURE } from "./stepper.js";

const VERSION = "quorumpoint-devnet/0.1.0 (simulated beacon node)";

/** q-value of each media type an Accept header lists (no header: anything, JSON first). */
function acceptQ(accept: string | undefined): Map<string, number> {
  const q = new Map<string, number>();
  for (const item of (accept ?? "").split(",")) {
    const [type, ...params] = item.split(";").map((s) => s.trim().toLowerCase());
    if (type === "") continue;
    const qp = params.find((p) => p.startsWith("q="));
    q.set(type, qp === undefined ? 1 : Number(qp.slice(2)) || 0);
  }
  return q;
}

function wantsSsz(req: IncomingMessage): boolean {
  const q = acceptQ(req.headers.accept);
  const ssz = q.get(SSZ) ?? 0;
  return ssz > 0 && ssz >= (q.get("application/json") ?? 0);
}

function acceptsJson(req: IncomingMessage): boolean {
  const q = acceptQ(req.headers.accept);
  if (q.size === 0) return true;
  return (q.get("application/json") ?? 0) > 0 || (q.get("application/*") ?? 0) > 0 || (q.get("*/*") ?? 0) > 0;
}

function error(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { code: status, message });
}

const str = (n: number): string => String(n);
const checkpointJson = (c: unknown): { epoch: string; root: string } => {
  const cp = c as { epoch: number; root: Uint8Array };
  return { epoch: str(cp.epoch), root: toHex(cp.root) };
};

export class BeaconRoutes implements NodeRoutes {
  readonly #view: () => NodeChainView;

  /** `view()` is the node's view now (it follows its behaviour and the clock). */
  constructor(view: () => NodeChainView) {
    this.#view = view;
  }

  handle(req: IncomingMessage, res: ServerResponse, b: Behaviour, timers: TimerSet): void {
    const path = (req.url ?? "/").split("?")[0];
    const v = this.#view();
    const net = v.chain.stepper.network;
    switch (path) {
      case BEACON_PATHS.spec:
        return sendJson(res, 200, { data: net.spec() });
      case BEACON_PATHS.forkSchedule:
        return sendJson(res, 200, { data: net.forkSchedule() });
      case BEACON_PATHS.depositContract:
        return sendJson(res, 200, { data: { chain_id: str(net.params.depositChainId), address: net.params.depositContract } });
      case BEACON_PATHS.genesis:
        return sendJson(res, 200, { data: net.genesis() });
      case BEACON_PATHS.version:
        return sendJson(res, 200, { data: { version: VERSION } });
      case BEACON_PATHS.syncing:
        return sendJson(res, 200, { data: { head_slot: str(v.headSlot), sync_distance: "0", is_syncing: false, is_optimistic: false, el_offline: false } });
      case BEACON_PATHS.health:
        res.writeHead(200, { "content-length": 0 }).end();
        return;
    }
    for (const [re, answer] of this.#byId) {
      const m = re.exec(path);
      if (m !== null) return answer(req, res, v, m[1], b, timers);
    }
    return error(res, 404, `no route ${path}`);
  }

  /** The paths that take a state or block id, and what answers each. */
  readonly #byId: [RegExp, (req: IncomingMessage, res: ServerResponse, v: NodeChainView, id: string, b: Behaviour, timers: TimerSet) => void][] = [
    [/^\/eth\/v1\/beacon\/states\/([^/]+)\/finality_checkpoints$/, (_q, res, v, id) => this.#finality(res, v, id)],
    [/^\/eth\/v1\/beacon\/headers\/([^/]+)$/, (_q, res, v, id) => this.#header(res, v, id)],
    [/^\/eth\/v1\/beacon\/blocks\/([^/]+)\/root$/, (_q, res, v, id) => this.#blockRoot(res, v, id)],
    [/^\/eth\/v2\/beacon\/blocks\/([^/]+)$/, (req, res, v, id, b, timers) => this.#signedBlock(req, res, v, id, b, timers)],
    [/^\/eth\/v[12]\/debug\/beacon\/states\/([^/]+)$/, (req, res, v, id, b, timers) => this.#state(req, res, v, id, b, timers)],
  ];

  #blockRoot(res: ServerResponse, v: NodeChainView, id: string): void {
    const block = this.#block(res, v, id);
    if (block !== undefined) sendJson(res, 200, { execution_optimistic: false, finalized: this.#isFinal(v, block.slot), data: { root: toHex(block.root) } });
  }

  #isFinal(v: NodeChainView, slot: number): boolean {
    return slot <= v.finalizedEpoch * v.chain.slotsPerEpoch;
  }

  /** A state id (head, genesis, finalized, justified, a slot, a 0x state root) to a state; answers 400/404 itself. */
  #stateOf(res: ServerResponse, v: NodeChainView, id: string): SimState | undefined {
    const spe = v.chain.slotsPerEpoch;
    const at = (slot: number): SimState | undefined => (slot === v.headSlot ? v.head : slot % spe === 0 && slot <= v.headSlot ? v.chain.epochState(slot / spe) : undefined);
    let s: SimState | undefined;
    if (id === "head") s = v.head;
    else if (id === "genesis") s = v.chain.epochState(0);
    else if (id === "finalized") s = v.chain.epochState(v.finalizedEpoch);
    else if (id === "justified") s = v.chain.epochState(v.finalizedEpoch + 1);
    else if (/^\d+$/.test(id)) s = at(Number(id));
    else if (/^0x[0-9a-fA-F]{64}$/.test(id)) {
      const want = id.toLowerCase();
      const epochs = Math.floor(v.headSlot / spe);
      for (let e = epochs; e >= 0 && s === undefined; e--) {
        const c = v.chain.epochState(e);
        if (c === undefined) break;
        if (toHex(v.chain.stepper.rootOf(c)) === want) s = c;
      }
      if (s === undefined && toHex(v.chain.stepper.rootOf(v.head)) === want) s = v.head;
    } else {
      error(res, 400, `invalid state id: ${id}`);
      return undefined;
    }
    if (s === undefined) error(res, 404, `state not found: ${id}`);
    return s;
  }

  /** A block id (head, genesis, finalized, justified, a slot, a 0x block root) to a block; answers 400/404 itself. */
  #block(res: ServerResponse, v: NodeChainView, id: string): BlockRecord | undefined {
    const spe = v.chain.slotsPerEpoch;
    let b: BlockRecord | undefined;
    if (id === "head") b = v.chain.latestBlockAt(v.headSlot);
    else if (id === "genesis") b = v.chain.blockAt(0);
    else if (id === "finalized") b = v.chain.latestBlockAt(v.finalizedEpoch * spe);
    else if (id === "justified") b = v.chain.latestBlockAt((v.finalizedEpoch + 1) * spe);
    else if (/^\d+$/.test(id)) b = Number(id) <= v.headSlot ? v.chain.blockAt(Number(id)) : undefined;
    else if (/^0x[0-9a-fA-F]{64}$/.test(id)) {
      b = v.chain.blockByRoot(id.slice(2).toLowerCase());
      if (b !== undefined && b.slot > v.headSlot) b = undefined;
    } else {
      error(res, 400, `invalid block id: ${id}`);
      return undefined;
    }
    if (b === undefined) error(res, 404, `block not found: ${id}`);
    return b;
  }

  #finality(res: ServerResponse, v: NodeChainView, id: string): void {
    const s = this.#stateOf(res, v, id);
    if (s === undefined) return;
    const st = s.value;
    sendJson(res, 200, {
      execution_optimistic: false,
      finalized: this.#isFinal(v, s.slot),
      data: {
        previous_justified: checkpointJson(st.previousJustifiedCheckpoint),
        current_justified: checkpointJson(st.currentJustifiedCheckpoint),
        finalized: checkpointJson(st.finalizedCheckpoint),
      },
    });
  }

  #header(res: ServerResponse, v: NodeChainView, id: string): void {
    const b = this.#block(res, v, id);
    if (b === undefined) return;
    const h = b.header;
    sendJson(res, 200, {
      execution_optimistic: false,
      finalized: this.#isFinal(v, b.slot),
      data: {
        root: toHex(b.root),
        canonical: true,
        header: {
          message: { slot: str(h.slot), proposer_index: str(h.proposerIndex), parent_root: toHex(h.parentRoot), state_root: toHex(h.stateRoot), body_root: toHex(h.bodyRoot) },
          signature: toHex(ZERO_SIGNATURE),
        },
      },
    });
  }

  #signedBlock(req: IncomingMessage, res: ServerResponse, v: NodeChainView, id: string, b: Behaviour, timers: TimerSet): void {
    if (b.name === "no-block") return error(res, 404, `block not found: ${id}`);
    const block = this.#block(res, v, id);
    if (block === undefined) return;
    const headers = { "eth-consensus-version": block.fork };
    const bytes = v.chain.stepper.blockBytes(block);
    if (b.name === "bad-block") {
      if (b.params.mode === "json") return sendJson(res, 200, { slot: str(block.slot), root: toHex(block.root) }, headers);
      // Offsets that point past the end: no reader can take a block out of these bytes.
      return sendBody(res, SSZ, { parts: [Buffer.alloc(bytes.length, 0xee)], headers }, timers);
    }
    if (!wantsSsz(req) || b.name === "json-instead-of-ssz") {
      const data = v.chain.stepper.blockJson(block);
      return sendJson(res, 200, { version: block.fork, execution_optimistic: false, finalized: this.#isFinal(v, block.slot), data }, headers);
    }
    this.#ssz(res, b, { parts: [bytes], headers }, false, timers);
  }

  #state(req: IncomingMessage, res: ServerResponse, v: NodeChainView, id: string, b: Behaviour, timers: TimerSet): void {
    const s = this.#stateOf(res, v, id);
    if (s === undefined) return;
    const finalizedSlot = v.finalizedEpoch * v.chain.slotsPerEpoch;
    // head-state: the finalized slot's state as a node whose head stopped an epoch earlier makes it.
    const stale = b.name === "head-state" && s.slot === finalizedSlot ? v.chain.staleSnapshot(v.finalizedEpoch) : undefined;
    const snap = stale ?? v.chain.snapshot(s);
    const headers = { "eth-consensus-version": snap.fork };
    const json = b.name === "json-instead-of-ssz" || !wantsSsz(req) || b.name === "no-ssz";
    if (json) {
      if (b.name === "no-ssz" && !acceptsJson(req)) return error(res, 415, "this node serves states as JSON only");
      return sendJson(res, 200, { version: snap.fork, execution_optimistic: false, finalized: this.#isFinal(v, snap.slot), data: this.#stateJson(v, snap) }, headers);
    }
    const plan = stateFaultPlan(b, snap.parts, snap.marks);
    plan.headers = headers;
    this.#ssz(res, b, plan, b.name === "huge" && b.params.chunked, timers);
  }

  #stateJson(v: NodeChainView, snap: StateSnapshot): unknown {
    const type = v.chain.stepper.stateType(snap.fork);
    return type.toJson(type.deserialize(Buffer.concat(snap.parts)));
  }

  #ssz(res: ServerResponse, b: Behaviour, plan: BodyPlan, chunked: boolean, timers: TimerSet): void {
    if (b.name === "trickle") plan.trickle = b.params;
    sendBody(res, SSZ, plan, timers, chunked);
  }
}
