/**
 * buildServer: registers routes and never listens (the daemon owns listen and shutdown;
 * tests call inject()). fastify logs through the daemon's pino logger.
 *
 * Bounded work per request: no route reads a body (16 KiB cap anyway), URL params are
 * short and pattern-checked, headers are capped by Node's parser (16 KiB), a request head
 * must arrive within REQUEST_TIMEOUT_MS (checked every TIMEOUT_CHECK_MS, so it is cut by
 * 11 s), and every handler only reads in-memory snapshots: no client request ever
 * reaches an upstream. Bounded cost per client (limits.ts): connections in total and per
 * address, a minimum send rate, superseded states kept by downloads.
 *
 * Every 4xx/5xx body is the API's ErrorBody `{error, message}` (and `reason` where there
 * is one): route answers, fastify's validation, URL and parser errors, 404, and Node's
 * own malformed-request, header-overflow and timeout answers (clientErrorHandler). The
 * beacon chain's /eth/ and /checkpointz/ routes answer the beacon API's `{code, message}`
 * instead (routes/beacon/index.ts), but for the few errors fastify or Node answer before
 * routing (an over-long parameter, a malformed request).
 */
import type { Socket } from "node:net";
import Fastify, { LogController } from "fastify";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ConnectionGuard } from "./connection-guard.js";
import type { ServerDeps } from "./deps.js";
import { DEFAULT_SERVING_LIMITS, KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS, TIMEOUT_CHECK_MS } from "./limits.js";
import type { ServingLimits } from "./limits.js";
import { servingMetrics } from "./serving-metrics.js";
import { SupersededDownloads } from "./superseded-downloads.js";
import { beaconRoutes } from "./routes/beacon/index.js";
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

/** The `error` code of each 4xx fastify or Node may answer by itself. */
const CLIENT_ERRORS: Readonly<Record<number, string>> = {
  400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable", 408: "request_timeout",
  413: "too_large", 414: "uri_too_long", 415: "unsupported_media_type", 431: "headers_too_large",
};

function errorBody(status: number, message: string): ErrorBody {
  return { error: CLIENT_ERRORS[status] ?? "client_error", message };
}

/** Node's answers to a request it could not parse or that timed out, in the API's shape. */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset or a socket already gone (the send timeout's, a refused one): nothing to answer.
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, text, message] =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout", `no whole request head within ${REQUEST_TIMEOUT_MS} ms`]
    : err.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large", "request head over 16 KiB"]
    : [400, "Bad Request", `malformed HTTP request (${err.code ?? "parse error"})`];
  // Never in the middle of an answer already being written.
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (socket.writable && !inProgress) {
    const body = JSON.stringify(errorBody(status, message));
    socket.write(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json; charset=utf-8\r\nconnection: close\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy();
}

/** fastify's router errors (a URL that does not decode, a parameter over maxParamLength). */
function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const status = err.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 400;
  return reply.code(status).header("cache-control", "no-store").send(errorBody(status, err.message));
}

export interface BuildServerOptions {
  /** The dashboard's files; default: read from src/server/static once. */
  staticFiles?: readonly StaticFile[];
}

/** The limits a server applies: the settings' values over the defaults. */
export function servingLimitsOf(deps: ServerDeps): ServingLimits {
  return { ...DEFAULT_SERVING_LIMITS, ...deps.settings.serving };
}

export function buildServer(deps: ServerDeps, options: BuildServerOptions = {}) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: "http" }),
    // One line per request would flood the log at a scrape or dashboard poll a second.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Node checks these timeouts every 30 s unless told: a 10 s head timeout was cut at ~30 s.
    http: { headersTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
    clientErrorHandler,
    frameworkErrors,
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
    const body: ErrorBody = status < 500 ? errorBody(status, err.message) : { error: "internal", message: "internal error" };
    return reply.code(status).send(body);
  });

  const limits = servingLimitsOf(deps);
  const downloads = new SupersededDownloads(limits.maxPinnedSuperseded);
  let guard: ConnectionGuard | null = null;
  const serving = servingMetrics(deps.metrics?.registry ?? null, {
    open: () => guard?.open ?? 0,
    superseded: () => downloads.superseded(deps.store.history()[0] ?? null),
  });
  guard = new ConnectionGuard(app.server, limits, {
    onRefused: (reason) => {
      serving.refused(reason);
      app.log.debug({ reason }, "connection refused: over the connection limit");
    },
    onSendTimeout: () => {
      serving.sendTimeout();
      app.log.debug("connection closed: reading below --send-min-bytes-per-s");
    },
  });

  const metrics = deps.metrics;
  if (metrics !== null) {
    app.addHook("onResponse", async (req, reply) => {
      // Route patterns are a closed set; unmatched URLs share one label.
      metrics.api.requests.inc({ route: req.routeOptions.url ?? "unmatched", method: req.method, status: String(reply.statusCode) });
    });
    app.register(metricsRoutes, { deps, metrics });
  }

  if (deps.chain === "beacon") {
    app.register(beaconRoutes, { deps, downloads, serving });
  } else {
    app.register(finalizedRoutes, { deps, downloads, serving });
    app.register(checkpointsRoutes, { deps });
  }
  app.register(healthRoutes, { deps });
  app.register(statusRoutes, { deps });
  app.register(upstreamsRoutes, { deps });
  app.register(roundsRoutes, { deps });
  if (deps.lanes) app.register(lanesRoutes, { deps, lanes: deps.lanes });
  app.register(dashboardRoutes, { deps, files: options.staticFiles ?? loadStaticFiles() });
  return app;
}
export type QuorumpointServer = ReturnType<typeof buildServer>;
