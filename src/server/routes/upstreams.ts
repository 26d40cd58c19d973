/** GET /api/upstreams: every upstream's status (leanpoint's fields plus quorumpoint's). */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";

export const upstreamsRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get("/api/upstreams", async () => ({ upstreams: deps.upstreams() }));
};
