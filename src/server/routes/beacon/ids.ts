/**
 * `{state_id}` and `{block_id}` of the beacon API, and the stored entry each names.
 *
 * quorumpoint holds finalized checkpoint states only, so `head` is `finalized` here (the
 * served checkpoint); `genesis` and `justified` name states it never holds (404). A
 * decimal slot or a 0x root names a held history entry, served or superseded, fresh or
 * not: finalized states never change. A state is named by its own slot and root; a block
 * by its slot (`latest_block_header.slot`, below the state's slot when the epoch began
 * with empty slots) and its root (the checkpoint's root).
 */
import type { FastifyRequest } from "fastify";
import type { BeaconNetworkView } from "../../../model/beacon.js";
import { readLatestBlockHeader } from "../../../model/beacon-state-layout.js";
import type { ServedState, StoreEntry } from "../../../store/index.js";
import { entryForClient, movingCacheControl } from "../../client-entry.js";
import { cacheControl } from "../../http-cache.js";
import { type BeaconContext, isRefusal, networkOf, type Refusal } from "./answers.js";

export type BeaconId =
  | { kind: "moving"; name: "finalized" | "head" }
  | { kind: "slot"; slot: number }
  | { kind: "root"; root: string }
  | { kind: "never"; name: "genesis" | "justified" };

export type IdOf = "state" | "block";

const ROOT_RE = /^0x[0-9a-fA-F]{64}$/;
// A bounded decimal: no sign, exponent or 20-digit number reaches a lookup.
const SLOT_RE = /^[0-9]{1,15}$/;

/** The id, or null when it is not one the beacon API defines (400). */
export function parseBeaconId(raw: string, of: IdOf): BeaconId | null {
  if (raw === "finalized" || raw === "head") return { kind: "moving", name: raw };
  if (raw === "genesis" || (raw === "justified" && of === "state")) return { kind: "never", name: raw };
  if (SLOT_RE.test(raw)) return { kind: "slot", slot: Number(raw) };
  if (ROOT_RE.test(raw)) return { kind: "root", root: raw.toLowerCase() };
  return null;
}

/** The slot of the block an entry's state is the post-state of. */
export function blockSlotOf(e: StoreEntry): number {
  return readLatestBlockHeader(e.bytes).slot;
}

function matches(e: StoreEntry, id: BeaconId, of: IdOf): boolean {
  if (id.kind === "slot") return of === "state" ? e.stateSlot === id.slot : blockSlotOf(e) === id.slot;
  if (id.kind === "root") return of === "state" ? e.stateRoot === id.root : e.finalized.root === id.root;
  return false;
}

/** Max-age of an answer by id kind, seconds: the moving ids as checkpointz caches them, the rest immutable. */
export interface CacheAges {
  finalized: number;
  head: number;
  history: number;
}

export interface Found {
  entry: StoreEntry;
  view: BeaconNetworkView;
  id: BeaconId;
  /** The served state when the id was a moving one; null for a history entry. */
  served: ServedState | null;
  cacheControl: string;
}

export interface LookupOptions {
  of: IdOf;
  ages: CacheAges;
  /** The answer streams the entry's state bytes: bounded by --max-pinned-superseded. */
  holdsState: boolean;
}

/** The entry `raw` names for this client, or the refusal to answer. */
export function lookup(ctx: BeaconContext, req: FastifyRequest, raw: string, o: LookupOptions): Found | Refusal {
  const view = networkOf(ctx);
  if (isRefusal(view)) return view;
  const id = parseBeaconId(raw, o.of);
  if (id === null) return { status: 400, message: `Invalid ${o.of} ID: ${raw.slice(0, 80)}` };
  if (id.kind === "never") return { status: 404, message: `quorumpoint serves finalized checkpoint states only; it holds no ${id.name} ${o.of}` };
  const { store } = ctx.deps;
  const now = ctx.deps.nowMs();
  if (id.kind === "moving") {
    const served = store.current(now);
    if (served === null) return { status: 503, message: `no fresh quorum-agreed finalized ${o.of} to serve (${store.status(now).reason})`, retry: true };
    const entry = entryForClient({ pins: ctx.pins, downloads: ctx.downloads, serving: ctx.serving, store }, req, served, now, o.holdsState);
    return { entry, view, id, served, cacheControl: movingCacheControl(entry, served, now, o.ages[id.name]) };
  }
  const history = store.history();
  if (history.length === 0) return { status: 503, message: `no finalized ${o.of} is held yet (${store.status(now).reason})`, retry: true };
  const entry = history.find((e) => matches(e, id, o.of));
  if (entry === undefined) {
    const what = id.kind === "slot" ? `at slot ${id.slot}` : `with root ${id.root}`;
    return { status: 404, message: `no finalized ${o.of} ${what} is held (held: ${heldList(history, o.of)})` };
  }
  if (o.holdsState && req.method === "GET" && !ctx.downloads.admits(entry, history[0] ?? null)) {
    ctx.serving.supersededRefused("unavailable");
    return { status: 503, message: `${ctx.downloads.max} superseded states are being downloaded already; this one can start once one is done`, retry: true };
  }
  return { entry, view, id, served: null, cacheControl: cacheControl(o.ages.history) };
}

function heldList(history: readonly StoreEntry[], of: IdOf): string {
  return history.map((e) => (of === "state" ? e.stateSlot : blockSlotOf(e))).join(", ");
}

export function isFound(x: Found | Refusal): x is Found {
  return "entry" in x;
}
