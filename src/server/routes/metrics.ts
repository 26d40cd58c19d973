/**
 * GET /metrics: the Prometheus text exposition of the daemon's registry. Registered only
 * when the daemon passes metrics. A scrape runs the state gauges' collect callbacks: each
 * reads an in-memory snapshot (O(upstreams)), so it stays a few milliseconds of main-thread work.
 */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";
import type { Metrics } from "../../metrics/metrics.js";
import { textSchema } from "../schemas/common.js";

export const metricsRoutes: FastifyPluginAsync<{ deps: ServerDeps; metrics: Metrics }> = async (app, { metrics }) => {
  app.get("/metrics", { schema: { response: { 200: textSchema } } }, async (_req, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header("cache-control", "no-store").type(metrics.registry.contentType).send(body);
  });
};
