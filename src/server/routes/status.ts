/** GET /status: leanpoint's status fields plus the quorum, the served checkpoint and the last round. */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";
import { statusResponseSchema } from "../schemas/status.js";
import { statusView } from "../views.js";

export const statusRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get("/status", { schema: { response: { 200: statusResponseSchema } } }, async (_req, reply) => {
    reply.header("cache-control", "no-store");
    return statusView(deps, deps.nowMs());
  });
};
