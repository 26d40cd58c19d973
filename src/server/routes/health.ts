/**
 * Health for three audiences:
 * - GET /lean/v0/health: lean clients, the leanSpec shape `{"status":"healthy","service":"lean-rpc-api"}`;
 *   503 `{"status":"unhealthy",...}` while no fresh state is served (a client probing before
 *   a checkpoint sync should look elsewhere);
 * - GET /healthz: leanpoint's probe, plain text `ok`, or 503 with the reason
 *   (no_upstreams, no_consensus, stale, and quorumpoint's starting, missing_bytes);
 * - GET /readyz: orchestrators, 200 `ready` while a fresh state is served (traffic can come),
 *   503 with the reason otherwise.
 */
import type { FastifyPluginAsync } from "fastify";
import type { HealthReason } from "../../store/index.js";
import type { ServerDeps } from "../deps.js";
import { textSchema } from "../schemas/common.js";

const leanHealthSchema = {
  type: "object",
  required: ["status", "service"],
  properties: { status: { type: "string" }, service: { type: "string" }, reason: { type: "string" } },
} as const;

const SERVICE = "lean-rpc-api";

export const healthRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  const reasonNow = (now: number): HealthReason => (deps.upstreams().length === 0 ? "no_upstreams" : deps.store.status(now).reason);

  // The beacon chain has its own (/eth/v1/node/health): no /lean/v0/* route there.
  if (deps.chain !== "beacon") app.get("/lean/v0/health", { schema: { response: { 200: leanHealthSchema, 503: leanHealthSchema } } }, async (_req, reply) => {
    reply.header("cache-control", "no-store");
    const now = deps.nowMs();
    if (deps.store.current(now) !== null) return { status: "healthy", service: SERVICE };
    return reply.code(503).send({ status: "unhealthy", service: SERVICE, reason: reasonNow(now) });
  });

  app.get("/healthz", { schema: { response: { 200: textSchema, 503: textSchema } } }, async (_req, reply) => {
    reply.header("cache-control", "no-store").type("text/plain; charset=utf-8");
    const reason = reasonNow(deps.nowMs());
    return reason === "ok" ? "ok\n" : reply.code(503).send(`${reason}\n`);
  });

  app.get("/readyz", { schema: { response: { 200: textSchema, 503: textSchema } } }, async (_req, reply) => {
    reply.header("cache-control", "no-store").type("text/plain; charset=utf-8");
    const now = deps.nowMs();
    if (deps.store.current(now) !== null) return "ready\n";
    return reply.code(503).send(`${reasonNow(now)}\n`);
  });
};
