/**
 * The block of a held checkpoint:
 * - GET /eth/v1/beacon/blocks/{block_id}/root: the checkpoint's block root (known from the
 *   state alone, so answered even while no block is held);
 * - GET|HEAD /eth/v2/beacon/blocks/{block_id}: the SignedBeaconBlock an agreeing upstream
 *   served and a worker matched to the state, as SSZ when asked (Lighthouse fetches it by
 *   `latest_block_header.slot` right after the state), else JSON;
 * - GET /eth/v1/beacon/headers/{block_id}: the header, from the state's
 *   `latest_block_header` (its zero state_root filled with the state's root, as the
 *   block's root is derived), signed by the held block's signature.
 * Without a held block: 503 for the newest checkpoint (a round may bring one), 404 for an
 * older one (none can come any more).
 */
import type { FastifyPluginAsync } from "fastify";
import { forkAtSlot } from "../../../model/beacon.js";
import { readLatestBlockHeader, readSignedBlockSignature } from "../../../model/beacon-state-layout.js";
import type { StoreEntry } from "../../../store/index.js";
import type { HeldBlock } from "../../../store/index.js";
import { etagOf } from "../../http-cache.js";
import { emptySchema, sszSchema } from "../../schemas/common.js";
import { sendBytes } from "../../send-bytes.js";
import { JSON_TYPE, SSZ, negotiate } from "./accept.js";
import { type BeaconContext, beaconErrorSchema, finalizedEnvelope, quantity, type Refusal, sendBeaconError } from "./answers.js";
import { blockSlotOf, type CacheAges, isFound, lookup } from "./ids.js";

/** checkpointz's: finalized and head blocks 30 s, a block by slot or root 6000 s. */
const BLOCK_AGES: CacheAges = { finalized: 30, head: 30, history: 6000 };

const ZERO_ROOT = `0x${"00".repeat(32)}`;

const blockParams = {
  type: "object",
  required: ["block_id"],
  properties: { block_id: { type: "string", maxLength: 100 } },
} as const;

const errors = { 400: beaconErrorSchema, 404: beaconErrorSchema, 406: beaconErrorSchema, 503: beaconErrorSchema } as const;

const rootSchema = finalizedEnvelope({ type: "object", required: ["root"], properties: { root: { type: "string" } } });

const headerSchema = finalizedEnvelope({
  type: "object",
  required: ["root", "canonical", "header"],
  properties: {
    root: { type: "string" },
    canonical: { type: "boolean" },
    header: {
      type: "object",
      required: ["message", "signature"],
      properties: {
        message: {
          type: "object",
          required: ["slot", "proposer_index", "parent_root", "state_root", "body_root"],
          properties: {
            slot: { type: "string" }, proposer_index: { type: "string" }, parent_root: { type: "string" },
            state_root: { type: "string" }, body_root: { type: "string" },
          },
        },
        signature: { type: "string" },
      },
    },
  },
});

/** SSZ, or JSON whose data is the worker's rendering of the SSZ value (any shape: sent as it is). */
const blockSchema = {
  content: {
    "application/octet-stream": sszSchema.content["application/octet-stream"],
    "application/json": { schema: finalizedEnvelope({}) },
  },
} as const;

function noBlock(ctx: BeaconContext, e: StoreEntry, what: string): Refusal {
  const newest = ctx.deps.store.history()[0] === e;
  const message = `no upstream that agreed on the checkpoint ${e.finalized.root} served ${what} matching its state`;
  return newest ? { status: 503, message, retry: true } : { status: 404, message };
}

/** The header of the block an entry's state is the post-state of, as the beacon API spells it. */
function headerOf(e: StoreEntry, block: HeldBlock) {
  const h = readLatestBlockHeader(e.bytes);
  return {
    root: e.finalized.root,
    canonical: true,
    header: {
      message: {
        slot: quantity(h.slot), proposer_index: quantity(h.proposerIndex), parent_root: h.parentRoot,
        state_root: h.stateRoot === ZERO_ROOT ? e.stateRoot : h.stateRoot, body_root: h.bodyRoot,
      },
      signature: readSignedBlockSignature(block.bytes),
    },
  };
}

export function blocksRoutes(ctx: BeaconContext): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { block_id: string } }>("/v1/beacon/blocks/:block_id/root", {
      schema: { params: blockParams, response: { 200: rootSchema, ...errors } },
    }, async (req, reply) => {
      const found = lookup(ctx, req, req.params.block_id, { of: "block", ages: BLOCK_AGES, holdsState: false });
      if (!isFound(found)) return sendBeaconError(ctx, reply, found);
      reply.header("cache-control", found.cacheControl);
      return { execution_optimistic: false, finalized: true, data: { root: found.entry.finalized.root } };
    });

    app.route<{ Params: { block_id: string } }>({
      method: ["GET", "HEAD"],
      url: "/v2/beacon/blocks/:block_id",
      schema: { params: blockParams, response: { 200: blockSchema, 304: emptySchema, ...errors } },
      handler: async (req, reply) => {
        reply.header("vary", "Accept");
        const type = negotiate(req.headers.accept, [JSON_TYPE, SSZ]);
        if (type === null) return sendBeaconError(ctx, reply, { status: 406, message: "blocks are served as application/json or application/octet-stream" });
        const found = lookup(ctx, req, req.params.block_id, { of: "block", ages: BLOCK_AGES, holdsState: false });
        if (!isFound(found)) return sendBeaconError(ctx, reply, found);
        const { entry } = found;
        const block = entry.block;
        if (block === null || (type === JSON_TYPE && block.json === undefined)) return sendBeaconError(ctx, reply, noBlock(ctx, entry, "a block"));
        const fork = forkAtSlot(found.view.network, blockSlotOf(entry)).fork;
        reply.header("cache-control", found.cacheControl).header("eth-consensus-version", fork);
        if (type === SSZ) {
          return sendBytes(req, reply, { bytes: block.bytes, etag: etagOf(block.digest) }, { count: (n) => ctx.deps.metrics?.api.blockBytes.inc(n) });
        }
        return reply.type("application/json; charset=utf-8").send({ version: fork, execution_optimistic: false, finalized: true, data: block.json });
      },
    });

    app.get<{ Params: { block_id: string } }>("/v1/beacon/headers/:block_id", {
      schema: { params: blockParams, response: { 200: headerSchema, ...errors } },
    }, async (req, reply) => {
      const found = lookup(ctx, req, req.params.block_id, { of: "block", ages: BLOCK_AGES, holdsState: false });
      if (!isFound(found)) return sendBeaconError(ctx, reply, found);
      const { entry } = found;
      if (entry.block === null) return sendBeaconError(ctx, reply, noBlock(ctx, entry, "a signed block"));
      reply.header("cache-control", found.cacheControl);
      return { execution_optimistic: false, finalized: true, data: headerOf(entry, entry.block) };
    });
  };
}
