/** GET /api/upstreams: leanpoint's fields first, then quorumpoint's. */
import { nullableCheckpointSchema } from "./common.js";

const nInt = { type: ["integer", "null"] } as const;
const nStr = { type: ["string", "null"] } as const;

export const upstreamSchema = {
  type: "object",
  properties: {
    // leanpoint
    name: { type: "string" },
    url: { type: "string" },
    path: { type: "string" },
    healthy: { type: "boolean" },
    last_success_ms: nInt,
    error_count: { type: "integer" },
    last_error: nStr,
    last_justified_slot: nInt,
    last_finalized_slot: nInt,
    // quorumpoint
    index: { type: "integer" },
    /** agrees, lagging, ahead, conflicting, flapping, failing, not_polled or undecided (src/round/upstream-standing.ts). */
    standing: { type: "string" },
    not_polled_rounds: { type: "integer" },
    /** Names of the headers sent to it (its credentials among them); never their values. */
    headers: { type: "array", items: { type: "string" } },
    error_total: { type: "integer" },
    consecutive_errors: { type: "integer" },
    last_error_message: nStr,
    last_error_ms: nInt,
    abandoned: { type: "boolean" },
    latency_ms: nInt,
    bytes: { type: "integer" },
    finalized: nullableCheckpointSchema,
    justified: nullableCheckpointSchema,
    state_root: nStr,
    state_digest: nStr,
    /** What the finalized-block probe found last: served, not_served or bad_content_type (null before any). */
    block: nStr,
    genesis_time: nInt,
    unchanged: { type: "boolean" },
    last_poll_round: nInt,
    /** Whether this upstream's bytes are the ones served now. */
    agrees: { type: "boolean" },
  },
} as const;

export const upstreamsResponseSchema = {
  type: "object",
  required: ["upstreams", "consensus"],
  properties: {
    upstreams: { type: "array", items: upstreamSchema },
    consensus: {
      type: "object",
      properties: {
        // leanpoint
        total_upstreams: { type: "integer" },
        responding_upstreams: { type: "integer" },
        /** Agreeing upstreams the last round needed (strictly more than quorum x the --quorum-of base, and >= min-agree). */
        consensus_threshold: { type: "integer" },
        has_consensus: { type: "boolean" },
        // quorumpoint
        agreeing_upstreams: { type: "integer" },
        quorum: { type: "number" },
        min_agree: { type: "integer" },
        quorum_of: { type: "string" },
        rule: nStr,
      },
    },
  },
} as const;
