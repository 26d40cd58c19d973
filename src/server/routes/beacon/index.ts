/**
 * The beacon chain's serving API (`--chain beacon`): what checkpointz serves, answered from
 * the store and the agreed network alone, never from an upstream. Registered by buildServer
 * in place of the lean routes; docs/beacon.md (Serving) says what each route answers.
 *
 * /eth/ and /checkpointz/ each get their own error and not-found handlers, so every
 * failure on them, fastify's own included, is the beacon API's `{code, message}`.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync } from "fastify";
import { PairPins } from "../../pair-pins.js";
import type { BeaconContext, BeaconErrorBody, BeaconRoutesOptions } from "./answers.js";
import { blocksRoutes } from "./blocks.js";
import { checkpointzRoutes } from "./checkpointz.js";
import { configNodeRoutes } from "./config-node.js";
import { nodeVersion } from "./node-version.js";
import { statesRoutes } from "./states.js";

export type { BeaconRoutesOptions } from "./answers.js";

function beaconErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, "request failed");
    const body: BeaconErrorBody = { code: status, message: status < 500 ? err.message : "internal error" };
    return reply.code(status).header("cache-control", "no-store").send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const body: BeaconErrorBody = { code: 404, message: `no route ${req.method} ${req.url.slice(0, 200)}` };
    return reply.code(404).header("cache-control", "no-store").send(body);
  });
}

export const beaconRoutes: FastifyPluginAsync<BeaconRoutesOptions> = async (app, options) => {
  const ctx: BeaconContext = { ...options, pins: new PairPins(options.deps.settings.pairWindowMs), nodeVersion: nodeVersion() };
  await app.register(async (eth) => {
    beaconErrors(eth);
    await eth.register(statesRoutes(ctx));
    await eth.register(blocksRoutes(ctx));
    await eth.register(configNodeRoutes(ctx));
  }, { prefix: "/eth" });
  await app.register(async (cz) => {
    beaconErrors(cz);
    await cz.register(checkpointzRoutes(ctx));
  }, { prefix: "/checkpointz" });
};
