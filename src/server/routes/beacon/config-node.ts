/**
 * The network and node answers a beacon client or tool reads before (or beside) a sync:
 * genesis, spec, fork schedule and deposit contract, as the agreeing upstreams described
 * the network (`ServerDeps.beacon`); the node's version, sync status and health as
 * quorumpoint's own: it is "synced" to the served finalized checkpoint and healthy while
 * a fresh one is served.
 */
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import type { BeaconNetwork, BeaconNetworkView } from "../../../model/beacon.js";
import { cacheControl } from "../../http-cache.js";
import { type BeaconContext, beaconErrorSchema, isRefusal, networkOf, quantity, sendBeaconError } from "./answers.js";

/** checkpointz's: network facts 30 s, the version 60 s, sync status 10 s. */
const NETWORK_MAX_AGE_S = 30;
const VERSION_MAX_AGE_S = 60;
const SYNCING_MAX_AGE_S = 10;

const strings = (keys: readonly string[]) => ({
  type: "object",
  required: keys,
  properties: Object.fromEntries(keys.map((k) => [k, { type: "string" }])),
});
const dataOf = (data: object) => ({ type: "object", required: ["data"], properties: { data } });

const genesisSchema = dataOf(strings(["genesis_time", "genesis_validators_root", "genesis_fork_version"]));
const specSchema = dataOf({ type: "object", additionalProperties: { type: "string" } });
const forkScheduleSchema = dataOf({ type: "array", items: strings(["previous_version", "current_version", "epoch"]) });
const depositSchema = dataOf(strings(["chain_id", "address"]));
const versionSchema = dataOf(strings(["version"]));
const syncingSchema = dataOf({
  type: "object",
  required: ["head_slot", "sync_distance", "is_syncing", "is_optimistic", "el_offline"],
  properties: {
    head_slot: { type: "string" }, sync_distance: { type: "string" }, is_syncing: { type: "boolean" },
    is_optimistic: { type: "boolean" }, el_offline: { type: "boolean" },
  },
});
const errors = { 404: beaconErrorSchema, 503: beaconErrorSchema } as const;

/** `/eth/v1/config/fork_schedule`: each scheduled fork with the version before it (phase0's is its own). */
export function forkSchedule(n: BeaconNetwork) {
  return n.forks.map((f, i) => ({ previous_version: (n.forks[i - 1] ?? f).version, current_version: f.version, epoch: quantity(f.epoch) }));
}

export function configNodeRoutes(ctx: BeaconContext): FastifyPluginAsync {
  return async (app) => {
    /** A route answering `{data}` from the network view; `answer` null: 404 with `missing`. */
    const network = (schema: object, answer: (view: BeaconNetworkView) => unknown, missing = "") => ({
      schema: { response: { 200: schema, ...errors } },
      handler: async (_req: unknown, reply: FastifyReply) => {
        const view = networkOf(ctx);
        if (isRefusal(view)) return sendBeaconError(ctx, reply, view);
        const data = answer(view);
        if (data === null) return sendBeaconError(ctx, reply, { status: 404, message: missing });
        reply.header("cache-control", cacheControl(NETWORK_MAX_AGE_S));
        return { data };
      },
    });

    app.get("/v1/beacon/genesis", network(genesisSchema, ({ network: n }) => ({
      genesis_time: quantity(n.genesisTime), genesis_validators_root: n.genesisValidatorsRoot, genesis_fork_version: n.genesisForkVersion,
    })));
    app.get("/v1/config/spec", network(specSchema, (view) => view.spec));
    app.get("/v1/config/fork_schedule", network(forkScheduleSchema, (view) => forkSchedule(view.network)));
    app.get("/v1/config/deposit_contract", network(depositSchema, (view) => view.depositContract,
      "the agreeing upstream did not serve its deposit contract"));

    app.get("/v1/node/version", { schema: { response: { 200: versionSchema } } }, async (_req, reply) => {
      reply.header("cache-control", cacheControl(VERSION_MAX_AGE_S));
      return { data: { version: ctx.nodeVersion } };
    });

    app.get("/v1/node/syncing", { schema: { response: { 200: syncingSchema, ...errors } } }, async (_req, reply) => {
      const view = networkOf(ctx);
      if (isRefusal(view)) return sendBeaconError(ctx, reply, view);
      const now = ctx.deps.nowMs();
      const served = ctx.deps.store.current(now);
      if (served === null) return sendBeaconError(ctx, reply, { status: 503, message: `no fresh finalized state is served (${ctx.deps.store.status(now).reason})`, retry: true });
      reply.header("cache-control", cacheControl(Math.min(SYNCING_MAX_AGE_S, (served.staleAtMs - now) / 1000)));
      return { data: { head_slot: quantity(served.entry.stateSlot), sync_distance: "0", is_syncing: false, is_optimistic: false, el_offline: false } };
    });

    // The beacon API's health: 200 ready, 503 not ready; no body either way.
    app.get("/v1/node/health", async (_req, reply) => {
      reply.header("cache-control", "no-store");
      const ready = ctx.deps.beacon?.() != null && ctx.deps.store.current(ctx.deps.nowMs()) !== null;
      return reply.code(ready ? 200 : 503).send();
    });
  };
}
