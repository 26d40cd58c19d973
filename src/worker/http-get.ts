/**
 * The poll worker's HTTP module: bounded GETs on the worker's own undici Agent.
 *
 * Timeouts, outermost first (docs/round.md): the round deadline (main thread), the
 * per-poll budget (the `signal` the caller passes: budget.ts, joined with the worker's
 * shutdown signal), undici's connect / headers / body phases (set on the Agent, each
 * shorter than the budget), and the size cap counted while streaming (http-handler.ts). The budget
 * exists because undici's bodyTimeout resets on every chunk, so a trickling upstream would
 * never trip it.
 */
import type { Agent } from "undici";
// Only the Agent module, not undici's index: the index loads every client undici ships
// (fetch, WebSocket, EventSource, proxies, mocks, caches), ~10 MB of RSS more per worker
// thread for code a poll never runs (measured: 22 MB for the index, 12 for the Agent).
// undici has no "exports" map, so the path is reachable; package-lock pins the version,
// and every poll test goes through it.
import UndiciAgent from "undici/lib/dispatcher/agent.js";
import { GetHandler, type GetOptions, type GetResult } from "./http-handler.js";
import type { AgentPhases } from "../model/phases.js";

export { mapHttpError } from "./http-handler.js";
export type { GetOptions, GetResult } from "./http-handler.js";

export function createAgent(p: AgentPhases): Agent {
  return new UndiciAgent({
    connect: { timeout: p.connectTimeoutMs },
    headersTimeout: p.headersTimeoutMs,
    bodyTimeout: p.bodyTimeoutMs,
    keepAliveTimeout: 30_000,
    // One request at a time per socket; a few sockets per upstream (probe, state, aux).
    pipelining: 1,
    connections: 4,
  });
}

/**
 * GET `url`; non-2xx answers come back as `http_<status>` failures (their body is
 * drained up to a small cap so the socket stays reusable). Never throws for an upstream
 * fault. An abort of `o.signal` settles at once, even for a request still queued for a
 * socket (it is aborted when it reaches one).
 *
 * Built on `agent.dispatch` with one handler (http-handler.ts), not `request()`: no
 * Readable, promise chain or dump per response. Measured on loopback: a quarter less CPU
 * per tiny GET (a steady poll's 304 probe and JSON); a 16 MB receive is SHA-256 either way.
 */
export function boundedGet(agent: Agent, url: string, o: GetOptions): Promise<GetResult> {
  return new Promise((resolve) => new GetHandler(url, o, resolve).start(agent));
}
