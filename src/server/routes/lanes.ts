/** GET /api/lanes: lanes, members, slot shares, window loads, readiness, last action and why. */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";
import { lanesJson } from "../lanes-view.js";
import { lanesResponseSchema } from "../schemas/lanes.js";

export const lanesRoutes: FastifyPluginAsync<{ deps: ServerDeps; lanes: NonNullable<ServerDeps["lanes"]> }> = async (app, { deps, lanes }) => {
  app.get("/api/lanes", { schema: { response: { 200: lanesResponseSchema } } }, async (_req, reply) => {
    reply.header("cache-control", "no-store");
    return lanesJson(lanes(), deps.upstreams().map((u) => u.name));
  });
};
