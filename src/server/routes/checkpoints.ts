/**
 * GET /lean/v0/checkpoints/finalized and /lean/v0/checkpoints/justified: `{"slot":N,"root":"0x.."}`
 * as a lean node answers, from the served (fresh) entry; 503 when nothing fresh is served.
 */
import type { FastifyPluginAsync } from "fastify";
import type { CheckpointJson } from "../../model/outcome.js";
import type { StoreEntry } from "../../store/index.js";
import type { ServerDeps } from "../deps.js";
import { cacheControl } from "../http-cache.js";
import { checkpointSchema, errorSchema } from "../schemas/common.js";
import type { ErrorBody } from "../schemas/common.js";

const KINDS: Record<"finalized" | "justified", (e: StoreEntry) => CheckpointJson> = {
  finalized: (e) => e.finalized,
  justified: (e) => e.justified,
};

export const checkpointsRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  for (const [kind, pick] of Object.entries(KINDS)) {
    app.get(`/lean/v0/checkpoints/${kind}`, { schema: { response: { 200: checkpointSchema, 503: errorSchema } } }, async (_req, reply) => {
      const now = deps.nowMs();
      const served = deps.store.current(now);
      if (served === null) {
        const { reason } = deps.store.status(now);
        const body: ErrorBody = { error: "no_fresh_state", reason, message: `no fresh quorum-agreed ${kind} checkpoint (${reason})` };
        return reply.code(503).header("cache-control", "no-store").send(body);
      }
      reply.header("cache-control", cacheControl(Math.min(deps.settings.pollIntervalMs, served.staleAtMs - now) / 1000));
      return pick(served.entry);
    });
  }
};
