/** Public names of server/: the HTTP API, dashboard and metrics. */
export { buildServer } from "./app.js";
export type { QuorumpointServer, BuildServerOptions } from "./app.js";
export type { ServerDeps, ServerSettings } from "./deps.js";
export { createMetrics } from "../metrics/metrics.js";
export type { Metrics, MetricsSources } from "../metrics/metrics.js";
