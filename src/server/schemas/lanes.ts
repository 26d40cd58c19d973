/** GET /api/lanes: the balancer's lanes (src/server/lanes-view.ts). */
const event = {
  type: ["object", "null"],
  properties: { round: { type: "integer" }, kind: { type: "string" }, reason: { type: "string" } },
} as const;

export const lanesResponseSchema = {
  type: "object",
  required: ["enabled", "lanes"],
  properties: {
    enabled: { type: "boolean" },
    window: { type: "integer" },
    threshold: { type: "number" },
    max_lanes: { type: "integer" },
    total_slots: { type: "integer" },
    rounds: { type: "integer" },
    lanes: {
      type: "array",
      items: {
        type: "object",
        properties: {
          lane: { type: "integer" }, default: { type: "boolean" }, upstreams: { type: "integer" }, members: { type: "string" },
          share: { type: "integer" }, window_load_ms: { type: "integer" }, load_pct: { type: "number" }, ready: { type: "boolean" },
        },
      },
    },
    last_decision: event,
    last_action: event,
    splits: { type: "integer" },
    collapses: { type: "integer" },
  },
} as const;
