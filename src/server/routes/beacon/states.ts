/**
 * The beacon states a checkpoint-syncing client downloads:
 * - GET|HEAD /eth/v2/debug/beacon/states/{state_id} (and /eth/v1/... as phase0 clients ask):
 *   the verified BeaconState as SSZ with Eth-Consensus-Version (its fork by slot) and its
 *   state root as ETag. SSZ only, as checkpointz: a client that accepts only JSON gets 406.
 * - GET /eth/v1/beacon/states/{state_id}/finality_checkpoints: where finality is. The
 *   finalized checkpoint is the served one, whose state is downloadable at
 *   `finalized.epoch * SLOTS_PER_EPOCH` (Lodestar asks this, then that slot).
 *
 * The justified checkpoints: the state's own checkpoint fields sit after variable-size
 * fields, so the main thread cannot read them at a fixed offset, and they are its
 * pre-state's anyway. current_justified is the entry's justified checkpoint (what the
 * agreeing upstreams reported with it); previous_justified is the same checkpoint, since
 * quorumpoint holds no older justified one that is not older than finalized. Both are never
 * below finalized (the order the beacon chain keeps: finalized <= previous <= current).
 */
import type { FastifyPluginAsync } from "fastify";
import { forkAtSlot } from "../../../model/beacon.js";
import type { StoreEntry } from "../../../store/index.js";
import { etagOf } from "../../http-cache.js";
import { emptySchema, sszSchema } from "../../schemas/common.js";
import { sendBytes } from "../../send-bytes.js";
import { SSZ, negotiate } from "./accept.js";
import { type BeaconContext, beaconErrorSchema, epochOf, finalizedEnvelope, quantity, sendBeaconError } from "./answers.js";
import { type CacheAges, isFound, lookup } from "./ids.js";

/** checkpointz's: the finalized state 180 s, head 30 s, a state by slot or root 6000 s (it never changes). */
const STATE_AGES: CacheAges = { finalized: 180, head: 30, history: 6000 };
/** checkpointz's 5 s for the moving ids: this is how clients learn that finality moved. */
const FINALITY_AGES: CacheAges = { finalized: 5, head: 5, history: 6000 };

const stateParams = {
  type: "object",
  required: ["state_id"],
  properties: { state_id: { type: "string", maxLength: 100 } },
} as const;

const checkpointJson = {
  type: "object",
  required: ["epoch", "root"],
  properties: { epoch: { type: "string" }, root: { type: "string" } },
} as const;

const finalitySchema = finalizedEnvelope({
  type: "object",
  required: ["previous_justified", "current_justified", "finalized"],
  properties: { previous_justified: checkpointJson, current_justified: checkpointJson, finalized: checkpointJson },
});

const errors = { 400: beaconErrorSchema, 404: beaconErrorSchema, 406: beaconErrorSchema, 503: beaconErrorSchema } as const;

/** `{previous_justified, current_justified, finalized}` of an entry, epochs as the beacon API spells them. */
export function finalityOf(e: StoreEntry, slotsPerEpoch: number) {
  const finalized = { epoch: epochOf(e.finalized.slot, slotsPerEpoch), root: e.finalized.root };
  const justifiedEpoch = epochOf(e.justified.slot, slotsPerEpoch);
  const justified = justifiedEpoch >= finalized.epoch ? { epoch: justifiedEpoch, root: e.justified.root } : finalized;
  const spell = (c: { epoch: number; root: string }) => ({ epoch: quantity(c.epoch), root: c.root });
  return { previous_justified: spell(justified), current_justified: spell(justified), finalized: spell(finalized) };
}

export function statesRoutes(ctx: BeaconContext): FastifyPluginAsync {
  return async (app) => {
    for (const version of ["v1", "v2"]) {
      app.route<{ Params: { state_id: string } }>({
        method: ["GET", "HEAD"],
        url: `/${version}/debug/beacon/states/:state_id`,
        schema: { params: stateParams, response: { 200: sszSchema, 304: emptySchema, ...errors } },
        handler: async (req, reply) => {
          if (negotiate(req.headers.accept, [SSZ]) === null) {
            return sendBeaconError(ctx, reply, { status: 406, message: "states are served as SSZ only: accept application/octet-stream" });
          }
          const found = lookup(ctx, req, req.params.state_id, { of: "state", ages: STATE_AGES, holdsState: true });
          if (!isFound(found)) return sendBeaconError(ctx, reply, found);
          const { entry } = found;
          reply.header("cache-control", found.cacheControl);
          reply.header("eth-consensus-version", forkAtSlot(found.view.network, entry.stateSlot).fork);
          return sendBytes(req, reply, { bytes: entry.bytes, etag: etagOf(entry.stateRoot) }, {
            count: (n) => ctx.deps.metrics?.api.stateBytes.inc(n),
            hold: { downloads: ctx.downloads, entry },
          });
        },
      });
    }

    app.get<{ Params: { state_id: string } }>("/v1/beacon/states/:state_id/finality_checkpoints", {
      schema: { params: stateParams, response: { 200: finalitySchema, ...errors } },
    }, async (req, reply) => {
      const found = lookup(ctx, req, req.params.state_id, { of: "state", ages: FINALITY_AGES, holdsState: false });
      if (!isFound(found)) return sendBeaconError(ctx, reply, found);
      reply.header("cache-control", found.cacheControl);
      return { execution_optimistic: false, finalized: true, data: finalityOf(found.entry, found.view.network.slotsPerEpoch) };
    });
  };
}
