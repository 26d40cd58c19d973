/**
 * What every beacon route shares: the modules it reads, the beacon API's error body, the
 * network guard, and the JSON spellings (integers as decimal strings).
 *
 * Errors on these routes are the beacon API's `{code, message}` (code = the HTTP status),
 * not quorumpoint's own `{error, message}`: beacon clients and tools parse that shape.
 */
import type { FastifyReply } from "fastify";
import type { BeaconNetworkView } from "../../../model/beacon.js";
import type { ServerDeps } from "../../deps.js";
import type { PairPins } from "../../pair-pins.js";
import type { ServingMetrics } from "../../serving-metrics.js";
import type { SupersededDownloads } from "../../superseded-downloads.js";
import { retryAfterS } from "../../http-cache.js";

export interface BeaconRoutesOptions {
  deps: ServerDeps;
  downloads: SupersededDownloads;
  serving: ServingMetrics;
}

/** One per server: the states and blocks routes share the pins, so a client's block and state stay one pair. */
export interface BeaconContext extends BeaconRoutesOptions {
  pins: PairPins;
  /** `quorumpoint/<package version>`. */
  nodeVersion: string;
}

export interface BeaconErrorBody {
  code: number;
  message: string;
}

export const beaconErrorSchema = {
  type: "object",
  required: ["code", "message"],
  properties: { code: { type: "integer" }, message: { type: "string" } },
} as const;

/** The schema of a beacon answer about finalized data: `{version?, execution_optimistic, finalized, data}`. */
export function finalizedEnvelope<T extends object>(data: T) {
  return {
    type: "object",
    required: ["execution_optimistic", "finalized", "data"],
    properties: { version: { type: "string" }, execution_optimistic: { type: "boolean" }, finalized: { type: "boolean" }, data },
  } as const;
}

/** A refusal: the status, a line for people, and whether to send Retry-After (something may come with a round). */
export interface Refusal {
  status: number;
  message: string;
  retry?: boolean;
}

export function sendBeaconError(ctx: BeaconContext, reply: FastifyReply, r: Refusal) {
  reply.code(r.status).header("cache-control", "no-store");
  if (r.retry === true) reply.header("retry-after", String(retryAfterS(ctx.deps.settings.pollIntervalMs)));
  const body: BeaconErrorBody = { code: r.status, message: r.message };
  return reply.send(body);
}

/** The network the upstreams agree on, or the 503 to answer while it is not known. */
export function networkOf(ctx: BeaconContext): BeaconNetworkView | Refusal {
  const view = ctx.deps.beacon?.() ?? null;
  if (view === null) return { status: 503, message: "the beacon network is not known yet: no upstream agreement on spec and genesis", retry: true };
  return view;
}

export function isRefusal(x: object): x is Refusal {
  return "status" in x && "message" in x;
}

/** A uint64 as the beacon API spells it. */
export function quantity(n: number): string {
  return String(n);
}

/** The `epoch` of a checkpoint slot (its epoch's first slot). */
export function epochOf(slot: number, slotsPerEpoch: number): number {
  return Math.floor(slot / slotsPerEpoch);
}
