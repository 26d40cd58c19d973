/**
 * buildServer: registers routes and never listens (the daemon owns listen and shutdown;
 * tests call inject()). fastify logs through the daemon's pino logger.
 *
 * Bounded work per request: no route reads a body (16 KiB cap anyway), URL params are
 * short and pattern-checked, headers are capped by Node's parser (16 KiB), a request must
 * arrive within REQUEST_TIMEOUT_MS, and every handler only reads in-memory snapshots:
 * no client request ever reaches an upstream.
 */
import Fastify, { LogController } from "fastify";
import type { FastifyError } from "fastify";
import type { ServerDeps } from "./deps.js";
import { checkpointsRoutes } from "./routes/checkpoints.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { healthRoutes } from "./routes/health.js";
import { lanesRoutes } from "./routes/lanes.js";
import { metricsRoutes } from "./routes/metrics.js";
import { roundsRoutes } from "./routes/rounds.js";
import { finalizedRoutes } from "./routes/finalized.js";
import { statusRoutes } from "./routes/status.js";
import { upstreamsRoutes } from "./routes/upstreams.js";
import type { ErrorBody } from "./schemas/common.js";
import { loadStaticFiles } from "./static-files.js";
import type { StaticFile } from "./static-files.js";

/** A client has this long to send its request head (slowloris); sending the answer is not bounded by it. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface BuildServerOptions {
  /** The dashboard's files; default: read from src/server/static once. */
  staticFiles?: readonly StaticFile[];
}

export function buildServer(deps: ServerDeps, options: BuildServerOptions = {}) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: "http" }),
    // One line per request would flood the log at a scrape or dashboard poll a second.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Clients join paths to a base URL in their own ways: `base/` + `/lean/...` and a
    // trailing slash must still reach the route.
    routerOptions: { maxParamLength: 100, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });

  app.setNotFoundHandler((req, reply) => {
    const body: ErrorBody = { error: "not_found", message: `no route ${req.method} ${req.url.slice(0, 200)}` };
    return reply.code(404).send(body);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    // 4xx say what was wrong with the request; 5xx say nothing of our internals.
    if (status >= 500) req.log.error({ err }, "request failed");
    const body: ErrorBody = status < 500
      ? { error: status === 400 ? "bad_request" : "client_error", message: err.message }
      : { error: "internal", message: "internal error" };
    return reply.code(status).send(body);
  });

  const metrics = deps.metrics;
  if (metrics !== null) {
    app.addHook("onResponse", async (req, reply) => {
      // Route patterns are a closed set; unmatched URLs share one label.
      metrics.api.requests.inc({ route: req.routeOptions.url ?? "unmatched", method: req.method, status: String(reply.statusCode) });
    });
    app.register(metricsRoutes, { deps, metrics });
  }

  app.register(finalizedRoutes, { deps });
  app.register(checkpointsRoutes, { deps });
  app.register(healthRoutes, { deps });
  app.register(statusRoutes, { deps });
  app.register(upstreamsRoutes, { deps });
  app.register(roundsRoutes, { deps });
  if (deps.lanes) app.register(lanesRoutes, { deps, lanes: deps.lanes });
  app.register(dashboardRoutes, { deps, files: options.staticFiles ?? loadStaticFiles() });
  return app;
}
export type QuorumpointServer = ReturnType<typeof buildServer>;
