/**
 * The poll worker's HTTP module: bounded GETs on the worker's own undici Agent.
 *
 * Timeouts, outermost first (STYLE "Timeouts"): the round deadline (main thread), the
 * per-poll budget (the `signal` the caller passes: AbortSignal.timeout joined with the
 * worker's shutdown signal), undici's connect / headers / body phases (set on the Agent,
 * each shorter than the budget), and the size cap counted here while streaming. The budget
 * exists because undici's bodyTimeout resets on every chunk, so a trickling upstream would
 * never trip it.
 */
import { createHash } from "node:crypto";
import { Agent, request } from "undici";
import { httpErrorCode, type UpstreamErrorCode } from "../errors.js";

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

export function createAgent(p: AgentPhases): Agent {
  return new Agent({
    connect: { timeout: p.connectTimeoutMs },
    headersTimeout: p.headersTimeoutMs,
    bodyTimeout: p.bodyTimeoutMs,
    keepAliveTimeout: 30_000,
    // One request at a time per socket; a few sockets per upstream (probe, state, aux).
    pipelining: 1,
    connections: 4,
  });
}

export interface GetOptions {
  signal: AbortSignal;
  maxBytes: number;
  accept: string;
  /** Keep the body (else it is only counted and, with `digest`, hashed). */
  collect: boolean;
  /** SHA-256 the body while it streams. */
  digest: boolean;
  /** Conditional GET: an upstream that still has this ETag answers 304 without a body. */
  ifNoneMatch?: string | null;
  /** Without `collect`: still keep the first this many bytes (`body` is then that prefix). */
  prefixBytes?: number;
}

export type GetResult =
  | { ok: true; status: number; contentType: string; body: Uint8Array | null; digest: string | null; bytes: number; etag: string | null }
  | { ok: false; status: number; code: UpstreamErrorCode; message: string; bytes: number };

/**
 * GET `url`; non-2xx answers come back as `http_<status>` failures (their body is
 * drained up to a small cap so the socket stays reusable). Never throws for an upstream
 * fault.
 */
export async function boundedGet(agent: Agent, url: string, o: GetOptions): Promise<GetResult> {
  let bytes = 0;
  let status = 0;
  try {
    const headers: Record<string, string> = { accept: o.accept };
    if (o.ifNoneMatch) headers["if-none-match"] = o.ifNoneMatch;
    const res = await request(url, { dispatcher: agent, signal: o.signal, headers });
    status = res.statusCode;
    const contentType = String(res.headers["content-type"] ?? "");
    const etag = typeof res.headers.etag === "string" ? res.headers.etag : null;
    if (status === 304 && o.ifNoneMatch) {
      await res.body.dump().catch(() => {});
      return { ok: true, status, contentType, body: null, digest: null, bytes: 0, etag: etag ?? o.ifNoneMatch };
    }
    if (status < 200 || status > 299) {
      await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
      return { ok: false, status, code: httpErrorCode(status), message: `HTTP ${status} from ${url}`, bytes };
    }
    const declared = Number(res.headers["content-length"] ?? NaN);
    if (declared > o.maxBytes) {
      res.body.destroy();
      return tooLarge(status, url, declared, o.maxBytes, bytes);
    }
    const hash = o.digest ? createHash("sha256") : null;
    // A known length gets one exact allocation; otherwise chunks are gathered and joined once.
    const exact = o.collect && Number.isSafeInteger(declared) ? new Uint8Array(declared) : null;
    const prefix = !o.collect && o.prefixBytes ? new Uint8Array(o.prefixBytes) : null;
    const chunks: Buffer[] = [];
    // 'data' events, not `for await`: the async iterator costs a promise per chunk, ~10% more
    // CPU on the receive path, which at 64 x 16 MB a round is most of a worker's work.
    const early = await new Promise<GetResult | null>((resolve, reject) => {
      const stop = (r: GetResult) => {
        res.body.off("data", onData);
        res.body.destroy();
        resolve(r);
      };
      const onData = (chunk: Buffer) => {
        if (bytes + chunk.length > o.maxBytes) return stop(tooLarge(status, url, bytes + chunk.length, o.maxBytes, bytes + chunk.length));
        hash?.update(chunk);
        if (prefix && bytes < prefix.length) prefix.set(chunk.subarray(0, prefix.length - bytes), bytes);
        if (exact) {
          if (bytes + chunk.length > exact.length) {
            return stop({ ok: false, status, code: "protocol", message: `body longer than its Content-Length ${declared}`, bytes });
          }
          exact.set(chunk, bytes);
        } else if (o.collect) chunks.push(chunk);
        bytes += chunk.length;
      };
      res.body.on("data", onData);
      res.body.once("end", () => resolve(null));
      res.body.once("error", reject);
    });
    if (early) return early;
    let body: Uint8Array | null = null;
    if (exact) body = bytes === exact.length ? exact : exact.subarray(0, bytes);
    else if (o.collect) body = join(chunks, bytes);
    else if (prefix) body = prefix.subarray(0, Math.min(prefix.length, bytes));
    return { ok: true, status, contentType, body, digest: hash ? "0x" + hash.digest("hex") : null, bytes, etag };
  } catch (err) {
    const m = mapHttpError(err);
    return { ok: false, status, code: m.code, message: `${m.message} (${url})`, bytes };
  }
}

function tooLarge(status: number, url: string, size: number, cap: number, bytes: number): GetResult {
  return { ok: false, status, code: "too_large", message: `body of ${size} bytes or more exceeds the ${cap}-byte cap (${url})`, bytes };
}

/** Join chunks into one fresh ArrayBuffer that can be transferred whole (never a pooled slab). */
function join(chunks: Buffer[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * The one place undici and socket errors become upstream error codes. Matches on `code`
 * and `name`, not `instanceof` (a second copy of undici would defeat class identity).
 */
export function mapHttpError(err: unknown): { code: UpstreamErrorCode; message: string } {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? "";
  const msg = e?.message ?? String(err);
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return { code: "timeout", message: "connect timed out" };
    case "UND_ERR_HEADERS_TIMEOUT":
      return { code: "timeout", message: "no response headers in time" };
    case "UND_ERR_BODY_TIMEOUT":
      return { code: "timeout", message: "body stalled" };
    case "ECONNREFUSED":
      return { code: "refused", message: "connection refused" };
    case "ECONNRESET":
    case "EPIPE":
      return { code: "refused", message: "connection reset" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { code: "unreachable", message: `unreachable (${code})` };
    case "UND_ERR_RES_EXCEEDED_MAX_SIZE":
      return { code: "too_large", message: "body exceeds the size cap" };
    case "UND_ERR_SOCKET":
      return { code: "protocol", message: `socket closed mid-response: ${msg}` };
  }
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || code === "ABORT_ERR") {
    return { code: "timeout", message: "poll budget ran out" };
  }
  return { code: "protocol", message: msg };
}
