/**
 * The undici phase timeouts of a poll worker's Agent, derived on the main thread (they
 * travel in the workers' workerData). Kept apart from http-get.ts so the main thread,
 * which never makes a request, does not load undici (its Agent alone is ~12 MB of RSS).
 */

export interface AgentPhases {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** The undici phases derived from the per-poll bound: each strictly inside it. */
export function phasesFor(timeoutMs: number): AgentPhases {
  return {
    connectTimeoutMs: Math.max(50, Math.floor(timeoutMs * 0.5)),
    headersTimeoutMs: Math.max(50, Math.floor(timeoutMs * 0.9)),
    bodyTimeoutMs: Math.max(50, Math.floor(timeoutMs * 0.9)),
  };
}
