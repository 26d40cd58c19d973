/**
 * What a lean node serves for checkpoint sync, so a lean node can sync from quorumpoint:
 * - GET|HEAD /lean/v0/states/finalized: the served finalized state as SSZ;
 * - GET|HEAD /lean/v0/blocks/finalized: its SignedBlock as SSZ, as an agreeing upstream
 *   served it and as a worker checked it against the state (503 while none did);
 * - the same under /{slot} for the held history.
 *
 * A client's block and state stay one pair across a change of the served checkpoint
 * (pair-pins.ts, client-entry.ts). The reply is written from the entry the handler took:
 * the store swaps entries by reference and never edits one, so a download in progress
 * keeps whole bytes however many states are stored meanwhile (send-bytes.ts).
 *
 * Superseded states kept alive by downloads are bounded (superseded-downloads.ts): past
 * --max-pinned-superseded, a client pinned to an older pair gets the served state (and is
 * pinned to it afresh, so its next block request matches), and a `/{slot}` request for a
 * superseded state gets 503 `superseded_busy` with Retry-After.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { StoreEntry } from "../../store/index.js";
import { entryForClient, movingCacheControl } from "../client-entry.js";
import type { ServerDeps } from "../deps.js";
import { cacheControl, etagOf, retryAfterS } from "../http-cache.js";
import { PairPins } from "../pair-pins.js";
import { sendBytes } from "../send-bytes.js";
import type { ServingMetrics } from "../serving-metrics.js";
import type { SupersededDownloads } from "../superseded-downloads.js";
import { emptySchema, errorSchema, sszSchema } from "../schemas/common.js";
import type { ErrorBody } from "../schemas/common.js";

/** A held history entry never changes (finality does not revert): clients may keep it a while. */
const HISTORY_MAX_AGE_S = 300;

interface Part {
  path: string;
  what: string;
  /** The bytes, and a strong validator of exactly those bytes; null when the entry lacks this part. */
  body(e: StoreEntry): { bytes: Uint8Array; etag: string } | null;
  count(deps: ServerDeps, n: number): void;
  /** Whether a download keeps the entry's state bytes alive (the block is a few KiB of its own). */
  holdsState: boolean;
}

const PARTS: readonly Part[] = [
  {
    path: "/lean/v0/states/finalized",
    what: "state",
    // One state root is one SSZ value, hence one byte sequence.
    body: (e) => ({ bytes: e.bytes, etag: etagOf(e.stateRoot) }),
    count: (deps, n) => deps.metrics?.api.stateBytes.inc(n),
    holdsState: true,
  },
  {
    path: "/lean/v0/blocks/finalized",
    what: "block",
    // The block root leaves the signatures out, so the validator is the digest of the bytes.
    body: (e) => (e.block === null ? null : { bytes: e.block.bytes, etag: etagOf(e.block.digest) }),
    count: (deps, n) => deps.metrics?.api.blockBytes.inc(n),
    holdsState: false,
  },
];

const slotParamsSchema = {
  type: "object",
  required: ["slot"],
  // A bounded decimal string: no exponent, sign or 20-digit number reaches the lookup.
  properties: { slot: { type: "string", pattern: "^[0-9]{1,15}$" } },
} as const;

const responses = { 200: sszSchema, 304: emptySchema, 404: errorSchema, 503: errorSchema } as const;

export interface FinalizedRoutesOptions {
  deps: ServerDeps;
  downloads: SupersededDownloads;
  serving: ServingMetrics;
}

/**
 * `cache` is the Cache-Control of a 200; `history`: a held entry asked for by slot, whose
 * block can no longer come; `downloads`: given when the body keeps `entry`'s state alive.
 */
function send(deps: ServerDeps, req: FastifyRequest, reply: FastifyReply, part: Part, entry: StoreEntry, cache: string, history = false,
  downloads: SupersededDownloads | null = null) {
  const body = part.body(entry);
  reply.header("cache-control", body === null ? "no-store" : cache);
  reply.header("x-quorumpoint-finalized-slot", String(entry.slot));
  reply.header("x-quorumpoint-finalized-root", entry.finalized.root);
  reply.header("x-quorumpoint-state-root", entry.stateRoot);
  reply.header("x-quorumpoint-state-slot", String(entry.stateSlot));
  reply.header("x-quorumpoint-state-sha256", entry.digest);
  reply.header("x-quorumpoint-justified-slot", String(entry.justified.slot));
  reply.header("x-quorumpoint-justified-root", entry.justified.root);
  reply.header("x-quorumpoint-agreeing", `${entry.agreeing}/${entry.answering}`);
  if (body === null) {
    const error: ErrorBody = {
      error: "no_verified_block", reason: "no_block_from_agreeing_upstreams",
      message: `no upstream that agreed on the finalized checkpoint at slot ${entry.slot} served a block matching its state`,
    };
    if (history) return reply.code(404).send(error);
    return reply.code(503).header("retry-after", String(retryAfterS(deps.settings.pollIntervalMs))).send(error);
  }
  return sendBytes(req, reply, body, {
    count: (n) => part.count(deps, n),
    ...(downloads !== null ? { hold: { downloads, entry } } : {}),
  });
}

export const finalizedRoutes: FastifyPluginAsync<FinalizedRoutesOptions> = async (app, { deps, downloads, serving }) => {
  const pins = new PairPins(deps.settings.pairWindowMs);
  for (const part of PARTS) {
    app.route({
      method: ["GET", "HEAD"],
      url: part.path,
      schema: { response: responses },
      handler: async (req, reply) => {
        const now = deps.nowMs();
        const served = deps.store.current(now);
        if (served === null) {
          const { reason } = deps.store.status(now);
          const body: ErrorBody = { error: "no_fresh_state", reason, message: `no fresh quorum-agreed finalized ${part.what} to serve (${reason})` };
          return reply.code(503).header("cache-control", "no-store").header("retry-after", String(retryAfterS(deps.settings.pollIntervalMs))).send(body);
        }
        const entry = entryForClient({ pins, downloads, serving, store: deps.store }, req, served, now, part.holdsState);
        const cache = movingCacheControl(entry, served, now, deps.settings.pollIntervalMs / 1000);
        return send(deps, req, reply, part, entry, cache, false, part.holdsState ? downloads : null);
      },
    });

    app.route<{ Params: { slot: string } }>({
      method: ["GET", "HEAD"],
      url: `${part.path}/:slot`,
      schema: { params: slotParamsSchema, response: responses },
      handler: async (req, reply) => {
        const slot = Number(req.params.slot);
        const entry = deps.store.bySlot(slot);
        if (entry === null) {
          const held = deps.store.history().map((e) => e.slot).join(", ") || "none";
          const body: ErrorBody = { error: "not_found", message: `no finalized ${part.what} at slot ${slot} is held (held: ${held})` };
          return reply.code(404).header("cache-control", "no-store").send(body);
        }
        const newest = deps.store.history()[0] ?? null;
        if (part.holdsState && req.method === "GET" && !downloads.admits(entry, newest)) {
          serving.supersededRefused("unavailable");
          const body: ErrorBody = {
            error: "superseded_busy", reason: "max_pinned_superseded",
            message: `${downloads.max} superseded states are being downloaded already; the state at slot ${slot} can start once one is done`,
          };
          return reply.code(503).header("cache-control", "no-store").header("retry-after", String(retryAfterS(deps.settings.pollIntervalMs))).send(body);
        }
        return send(deps, req, reply, part, entry, cacheControl(HISTORY_MAX_AGE_S), true, part.holdsState ? downloads : null);
      },
    });
  }
};

