/** GET /api/upstreams: every upstream's status and the consensus summary (leanpoint's fields plus quorumpoint's). */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";
import { upstreamsResponseSchema } from "../schemas/upstreams.js";
import { upstreamsView } from "../views.js";

export const upstreamsRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get("/api/upstreams", { schema: { response: { 200: upstreamsResponseSchema } } }, async (_req, reply) => {
    reply.header("cache-control", "no-store");
    return upstreamsView(deps, deps.nowMs());
  });
};
