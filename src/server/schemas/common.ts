/**
 * Response schemas shared by several routes. fastify compiles each into a
 * fast-json-stringify serializer: a field not listed here is never sent.
 */

export const checkpointSchema = {
  type: "object",
  required: ["slot", "root"],
  properties: { slot: { type: "integer" }, root: { type: "string" } },
} as const;

export const nullableCheckpointSchema = { ...checkpointSchema, type: ["object", "null"] } as const;

/** Every JSON error answer: a stable code, a closed-set reason where there is one, and a line for people. */
export const errorSchema = {
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string" },
    reason: { type: "string" },
    message: { type: "string" },
  },
} as const;

export interface ErrorBody {
  error: string;
  reason?: string;
  message: string;
}

/** A 200 answer that is plain text (healthz, readyz, metrics). */
export const textSchema = { content: { "text/plain": { schema: { type: "string" } } } } as const;

/** A 200 answer that is the SSZ bytes of a state. */
export const sszSchema = { content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } } as const;

/** 304 Not Modified has no body. */
export const emptySchema = { type: "null", description: "no body" } as const;
