/**
 * checkpointz's own API, so its dashboards and monitors can watch quorumpoint:
 * - GET /checkpointz/v1/status: each upstream's name, health and finality, the served
 *   finality, the version, and the operating mode (`full`: states are served);
 * - GET /checkpointz/v1/beacon/slots and /slots/{slot}: the last 20 checkpoints served
 *   (store.recent(), as checkpointz keeps 20 epochs), newest first: the state's slot and
 *   epoch, the checkpoint's block root and the state's own root (what
 *   /eth/v2/debug/beacon/states/{state_id} takes), the slot's time, whether its state is
 *   still held (--history), and by slot the block when held.
 * Slots and epochs are JSON numbers here, as checkpointz writes them; checkpoints inside
 * `finality` are the beacon API's strings.
 */
import type { FastifyPluginAsync } from "fastify";
import type { BeaconNetwork } from "../../../model/beacon.js";
import type { CheckpointJson } from "../../../model/outcome.js";
import { RECENT_CHECKPOINTS, type RecentCheckpoint, type StoreEntry } from "../../../store/index.js";
import { cacheControl } from "../../http-cache.js";
import { type BeaconContext, beaconErrorSchema, epochOf, isRefusal, networkOf, quantity, sendBeaconError } from "./answers.js";
import { finalityOf } from "./states.js";

/** checkpointz's 5 s: the page people and monitors refresh. */
const STATUS_MAX_AGE_S = 5;
const SLOT_MAX_AGE_S = 60;

const slotParams = {
  type: "object",
  required: ["slot"],
  properties: { slot: { type: "string", pattern: "^[0-9]{1,15}$" } },
} as const;

const checkpointJson = { type: "object", properties: { epoch: { type: "string" }, root: { type: "string" } } } as const;
const finalityJson = {
  type: ["object", "null"],
  properties: { finalized: checkpointJson, current_justified: checkpointJson, previous_justified: checkpointJson },
} as const;
const timeJson = { type: "object", properties: { start_time: { type: "string" }, end_time: { type: "string" } } } as const;
const slotJson = {
  type: "object",
  properties: {
    slot: { type: "integer" }, epoch: { type: "integer" }, block_root: { type: "string" }, state_root: { type: "string" }, time: timeJson,
    state_held: { type: "boolean" },
  },
} as const;

const statusSchema = {
  type: "object",
  properties: {
    data: {
      type: "object",
      properties: {
        upstreams: {
          type: "object",
          additionalProperties: { type: "object", properties: { name: { type: "string" }, healthy: { type: "boolean" }, finality: finalityJson } },
        },
        finality: finalityJson,
        version: { type: "object", properties: { full: { type: "string" }, short: { type: "string" }, release: { type: "string" }, git_commit: { type: "string" } } },
        operating_mode: { type: "string" },
      },
    },
  },
} as const;
const slotsSchema = { type: "object", properties: { data: { type: "object", properties: { slots: { type: "array", items: slotJson } } } } } as const;
const slotSchema = {
  type: "object",
  properties: { data: { type: "object", properties: { ...slotJson.properties, block: {} } } },
} as const;
const errors = { 400: beaconErrorSchema, 404: beaconErrorSchema, 503: beaconErrorSchema } as const;

/** An upstream's finality from its last verified state, as checkpointz shows it. */
function upstreamFinality(finalized: CheckpointJson | null, justified: CheckpointJson | null, slotsPerEpoch: number) {
  if (finalized === null) return null;
  const cp = (c: CheckpointJson) => ({ epoch: quantity(epochOf(c.slot, slotsPerEpoch)), root: c.root });
  const j = justified !== null && justified.slot >= finalized.slot ? justified : finalized;
  return { finalized: cp(finalized), current_justified: cp(j), previous_justified: cp(j) };
}

function slotTime(n: BeaconNetwork, slot: number) {
  const start = (n.genesisTime + slot * n.secondsPerSlot) * 1000;
  return { start_time: new Date(start).toISOString(), end_time: new Date(start + n.secondsPerSlot * 1000).toISOString() };
}

function slotView(c: RecentCheckpoint, n: BeaconNetwork, held: StoreEntry | undefined) {
  return {
    slot: c.stateSlot, epoch: epochOf(c.stateSlot, n.slotsPerEpoch), block_root: c.root, state_root: c.stateRoot, time: slotTime(n, c.stateSlot),
    state_held: held !== undefined,
  };
}

export function checkpointzRoutes(ctx: BeaconContext): FastifyPluginAsync {
  const { deps } = ctx;
  const short = ctx.nodeVersion.slice(ctx.nodeVersion.indexOf("/") + 1);
  return async (app) => {
    app.get("/v1/status", { schema: { response: { 200: statusSchema } } }, async (_req, reply) => {
      reply.header("cache-control", cacheControl(STATUS_MAX_AGE_S));
      const view = deps.beacon?.() ?? null;
      const spe = view?.network.slotsPerEpoch ?? null;
      const served = deps.store.current(deps.nowMs());
      const upstreams = Object.fromEntries(deps.upstreams().map((u) => [u.name, {
        name: u.name, healthy: u.healthy, finality: spe === null ? null : upstreamFinality(u.finalized, u.justified, spe),
      }]));
      return {
        data: {
          upstreams,
          // Before the network or a fresh state is known there is no finality to show, as checkpointz at start.
          finality: spe === null || served === null ? null : finalityOf(served.entry, spe),
          version: { full: ctx.nodeVersion, short, release: `v${short}`, git_commit: "" },
          operating_mode: "full",
        },
      };
    });

    app.get("/v1/beacon/slots", { schema: { response: { 200: slotsSchema, ...errors } } }, async (_req, reply) => {
      const view = networkOf(ctx);
      if (isRefusal(view)) return sendBeaconError(ctx, reply, view);
      reply.header("cache-control", cacheControl(STATUS_MAX_AGE_S));
      const held = deps.store.history();
      return { data: { slots: deps.store.recent().map((c) => slotView(c, view.network, held.find((e) => e.stateRoot === c.stateRoot))) } };
    });

    app.get<{ Params: { slot: string } }>("/v1/beacon/slots/:slot", { schema: { params: slotParams, response: { 200: slotSchema, ...errors } } }, async (req, reply) => {
      const view = networkOf(ctx);
      if (isRefusal(view)) return sendBeaconError(ctx, reply, view);
      const slot = Number(req.params.slot);
      const seen = deps.store.recent().find((c) => c.stateSlot === slot);
      if (seen === undefined) return sendBeaconError(ctx, reply, { status: 404, message: `no finalized checkpoint at slot ${slot} among the last ${RECENT_CHECKPOINTS} served` });
      const entry = deps.store.history().find((e) => e.stateRoot === seen.stateRoot);
      reply.header("cache-control", cacheControl(SLOT_MAX_AGE_S));
      return { data: { ...slotView(seen, view.network, entry), block: entry?.block?.json ?? null } };
    });
  };
}
