/**
 * GET|HEAD /lean/v0/states/finalized: the served finalized state as SSZ bytes, exactly as a
 * lean node serves it, so a lean node can checkpoint-sync from quorumpoint.
 * GET|HEAD /lean/v0/states/finalized/:slot: a held earlier finalized state (the history).
 *
 * The reply is written from the entry the handler took: the store swaps entries by
 * reference and never edits one, so a client still downloading keeps whole bytes however
 * many states are stored meanwhile. The bytes are sent as a view (no copy).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { StoreEntry } from "../../store/index.js";
import type { ServerDeps } from "../deps.js";
import { cacheControl, etagOf, ifNoneMatchHits } from "../http-cache.js";
import { emptySchema, errorSchema, sszSchema } from "../schemas/common.js";
import type { ErrorBody } from "../schemas/common.js";

/** A held history state never changes (finality does not revert): clients may keep it a while. */
const HISTORY_MAX_AGE_S = 300;

const slotParamsSchema = {
  type: "object",
  required: ["slot"],
  // A bounded decimal string: no exponent, sign or 20-digit number reaches the lookup.
  properties: { slot: { type: "string", pattern: "^[0-9]{1,15}$" } },
} as const;

const stateResponses = { 200: sszSchema, 304: emptySchema, 404: errorSchema, 503: errorSchema } as const;

function sendState(deps: ServerDeps, req: FastifyRequest, reply: FastifyReply, entry: StoreEntry, maxAgeS: number) {
  const etag = etagOf(entry.stateRoot);
  reply.header("etag", etag).header("cache-control", cacheControl(maxAgeS));
  reply.header("x-quorumpoint-finalized-slot", String(entry.slot));
  reply.header("x-quorumpoint-finalized-root", entry.finalized.root);
  reply.header("x-quorumpoint-state-root", entry.stateRoot);
  reply.header("x-quorumpoint-state-slot", String(entry.stateSlot));
  reply.header("x-quorumpoint-state-sha256", entry.digest);
  reply.header("x-quorumpoint-justified-slot", String(entry.justified.slot));
  reply.header("x-quorumpoint-justified-root", entry.justified.root);
  reply.header("x-quorumpoint-agreeing", `${entry.agreeing}/${entry.answering}`);
  if (ifNoneMatchHits(req.headers["if-none-match"], etag)) return reply.code(304).send();
  const bytes = Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength);
  reply.type("application/octet-stream").header("content-length", String(bytes.byteLength));
  if (req.method === "GET") deps.metrics?.api.stateBytes.inc(bytes.byteLength);
  return reply.send(bytes);
}

export const statesRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.route({
    method: ["GET", "HEAD"],
    url: "/lean/v0/states/finalized",
    schema: { response: stateResponses },
    handler: async (req, reply) => {
      const now = deps.nowMs();
      const served = deps.store.current(now);
      if (served === null) {
        const { reason } = deps.store.status(now);
        const body: ErrorBody = { error: "no_fresh_state", reason, message: `no fresh quorum-agreed finalized state to serve (${reason})` };
        return reply.code(503).header("cache-control", "no-store").header("retry-after", String(retryAfterS(deps))).send(body);
      }
      // Never let a cache keep the state past the moment it would stop being served.
      const maxAgeS = Math.min(deps.settings.pollIntervalMs, served.staleAtMs - now) / 1000;
      return sendState(deps, req, reply, served.entry, maxAgeS);
    },
  });

  app.route<{ Params: { slot: string } }>({
    method: ["GET", "HEAD"],
    url: "/lean/v0/states/finalized/:slot",
    schema: { params: slotParamsSchema, response: stateResponses },
    handler: async (req, reply) => {
      const slot = Number(req.params.slot);
      const entry = deps.store.bySlot(slot);
      if (entry === null) {
        const held = deps.store.history().map((e) => e.slot).join(", ") || "none";
        const body: ErrorBody = { error: "not_found", message: `no finalized state at slot ${slot} is held (held: ${held})` };
        return reply.code(404).header("cache-control", "no-store").send(body);
      }
      return sendState(deps, req, reply, entry, HISTORY_MAX_AGE_S);
    },
  });
};

/** A round may bring a state: ask clients to come back after about one interval. */
function retryAfterS(deps: ServerDeps): number {
  return Math.max(1, Math.ceil(deps.settings.pollIntervalMs / 1000));
}
