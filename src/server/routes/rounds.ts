/** GET /api/rounds[?since=N]: recent round summaries, oldest first (the dashboard's chart). */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";
import { roundsQuerySchema, roundsResponseSchema } from "../schemas/rounds.js";

export const roundsRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get<{ Querystring: { since?: number } }>(
    "/api/rounds",
    { schema: { querystring: roundsQuerySchema, response: { 200: roundsResponseSchema } } },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      const since = req.query.since;
      const all = deps.rounds();
      return { rounds: since === undefined ? all : all.filter((r) => r.round > since) };
    },
  );
};
