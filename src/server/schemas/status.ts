/** GET /status: the Zig leanpoint's fields first (so its users can switch), then quorumpoint's. */
import { checkpointSchema } from "./common.js";
import { roundSummarySchema } from "./rounds.js";

const nInt = { type: ["integer", "null"] } as const;
const nStr = { type: ["string", "null"] } as const;

export const servedSchema = {
  type: ["object", "null"],
  properties: {
    slot: { type: "integer" },
    root: { type: "string" },
    state_root: { type: "string" },
    digest: { type: "string" },
    /** The served SignedBlock (null while no agreeing upstream served one that matches). */
    block_sha256: nStr,
    block_size_bytes: nInt,
    state_slot: { type: "integer" },
    genesis_time: { type: "integer" },
    size_bytes: { type: "integer" },
    justified: checkpointSchema,
    justified_source: { type: "string" },
    stored_at_ms: { type: "integer" },
    confirmed_at_ms: { type: "integer" },
    /** Since first stored. */
    age_ms: { type: "integer" },
    stale_at_ms: nInt,
    agreeing: { type: "integer" },
    answering: { type: "integer" },
    total: { type: "integer" },
    upstreams: { type: "array", items: { type: "integer" } },
    rule: { type: "string" },
  },
} as const;

export const statusResponseSchema = {
  type: "object",
  properties: {
    // leanpoint
    justified_slot: { type: "integer" },
    finalized_slot: { type: "integer" },
    last_updated_ms: { type: "integer" },
    last_success_ms: { type: "integer" },
    stale: { type: "boolean" },
    error_count: { type: "integer" },
    last_error: nStr,
    // quorumpoint
    now_ms: { type: "integer" },
    /** fresh | stale | none */
    state: { type: "string" },
    /** The healthz reason: ok, starting, no_upstreams, no_consensus, missing_bytes, stale. */
    reason: { type: "string" },
    /** The served checkpoint while fresh; the last one served once stale; null before any. */
    /** lean | beacon (--chain). */
    chain: { type: "string" },
    /** Beacon chain: the agreed network, and the served checkpoint's epoch and fork; null on lean. */
    beacon: {
      type: ["object", "null"],
      properties: {
        network: {
          type: ["object", "null"],
          properties: { config_name: { type: "string" }, preset: { type: "string" }, genesis_validators_root: { type: "string" }, slots_per_epoch: { type: "integer" } },
        },
        epoch: nInt,
        fork: nStr,
      },
    },
    served: servedSchema,
    quorum: {
      type: "object",
      properties: {
        quorum: { type: "number" },
        min_agree: { type: "integer" },
        /** configured | answering: what --quorum is a share of. */
        quorum_of: { type: "string" },
        /** The least agreeing count that wins, and how many more the best checkpoint lacked (null before the first round). */
        needed: nInt,
        more_needed: nInt,
        /** agreed | no-quorum, null before the first round. */
        decision: nStr,
        /** Why not (no_answers, below_quorum, tie, below_min_agree), null when agreed. */
        reason: nStr,
        /** The store's verdict: served-new, unchanged, older-ignored, conflict-ignored, no-quorum, missing-bytes. */
        outcome: nStr,
        agreeing: { type: "integer" },
        answering: { type: "integer" },
        total: { type: "integer" },
        rule: nStr,
        /** Distinct states voted for last round. */
        groups: { type: "integer" },
      },
    },
    upstreams: {
      type: "object",
      properties: { total: { type: "integer" }, healthy: { type: "integer" } },
    },
    last_round: { ...roundSummarySchema, type: ["object", "null"] },
    /** Quorums whose checkpoint did not extend the served finality; active: the last round's was one. */
    finality_conflicts: {
      type: "object",
      properties: {
        total: { type: "integer" },
        active: { type: "boolean" },
        last: {
          type: ["object", "null"],
          properties: {
            reason: { type: "string" }, at_ms: { type: "integer" }, served: checkpointSchema, agreed: checkpointSchema, recorded_at_served_slot: nStr,
          },
        },
      },
    },
    history: { type: "array", items: { type: "object", properties: { slot: { type: "integer" }, root: { type: "string" }, state_root: { type: "string" } } } },
    settings: {
      type: "object",
      properties: {
        poll_interval_ms: { type: "integer" },
        poll_concurrency: { type: "integer" },
        workers: { type: "integer" },
        stale_after_ms: { type: "integer" },
      },
    },
  },
} as const;
