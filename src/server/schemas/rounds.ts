/** GET /api/rounds: the recent RoundSummary list (src/round/round-history.ts), oldest first. */

export const roundSummarySchema = {
  type: "object",
  properties: {
    round: { type: "integer" },
    startedMs: { type: "integer" },
    wallMs: { type: "integer" },
    deadlineMs: { type: "integer" },
    dispatched: { type: "integer" },
    ok: { type: "integer" },
    failed: { type: "integer" },
    abandoned: { type: "integer" },
    notDispatched: { type: "integer" },
    overrun: { type: "boolean" },
    outcome: { type: "string" },
    servedSlot: { type: ["integer", "null"] },
  },
} as const;

export const roundsQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    /** Only rounds after this one (the dashboard asks for what it has not seen). */
    since: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  },
} as const;

export const roundsResponseSchema = {
  type: "object",
  required: ["rounds"],
  properties: { rounds: { type: "array", items: roundSummarySchema } },
} as const;
