/**
 * buildServer: registers routes and never listens (the daemon owns listen and shutdown;
 * tests call inject()). fastify logs through the daemon's pino logger.
 */
import Fastify from "fastify";
import type { ServerDeps } from "./deps.js";
import { upstreamsRoutes } from "./routes/upstreams.js";

export function buildServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: "http" }),
    disableRequestLogging: true,
    // Clients never make the server do unbounded work: small bodies, bounded URLs.
    bodyLimit: 16 * 1024,
    maxParamLength: 100,
  });
  app.register(upstreamsRoutes, { deps });
  return app;
}
export type QuorumpointServer = ReturnType<typeof buildServer>;
