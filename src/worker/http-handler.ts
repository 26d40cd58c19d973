/**
 * The receive side of `boundedGet`: one undici 7 dispatch handler per request, fed straight
 * by undici's HTTP/1.1 parser. No Readable, no per-response promise chain: each chunk is
 * counted, hashed and copied in `onResponseData`, and the handler settles the caller's
 * promise exactly once, with a result (never a rejection).
 *
 * Lifecycle: `start` dispatches (or settles at once on an already aborted signal);
 * `onRequestStart` hands us the controller (the request may have waited in the pool's queue
 * until then); the response's status decides between reading the body (2xx), draining it
 * (304, other statuses: the result is already decided, the socket just stays reusable) and
 * dropping it (declared too large). The budget signal's listener lives exactly as long as
 * the request is unsettled.
 */
import { createHash, type Hash } from "node:crypto";
import type { Dispatcher } from "undici";
import { httpErrorCode, type UpstreamErrorCode } from "../model/errors.js";
import { redactUrl } from "../model/upstream.js";

export interface GetOptions {
  signal: AbortSignal;
  maxBytes: number;
  accept: string;
  /** Keep the body (else it is only counted and, with `digest`, hashed). */
  collect: boolean;
  /** SHA-256 the body while it streams. */
  digest: boolean;
  /** Sent with the request: the upstream's configured headers and credentials (PollTask.headers). */
  headers?: Readonly<Record<string, string>>;
  /** Conditional GET: an upstream that still has this ETag answers 304 without a body. */
  ifNoneMatch?: string | null;
  /** Without `collect`: still keep the first this many bytes (`body` is then that prefix). */
  prefixBytes?: number;
  /** Told the length of each 2xx body chunk as it arrives (a poll worker's reclaim.ts). */
  received?: (bytes: number) => void;
  /** With `collect`: the kept body lives in a SharedArrayBuffer, so other threads can read it (a beacon state hashed by several workers). */
  sharedBody?: boolean;
  /**
   * With `collect` and a Content-Length: told, after each chunk is copied in, the body's
   * buffer (its full declared length) and how many of its bytes are in. A beacon poll
   * merkleizes the state while it downloads.
   */
  onBody?: (body: Uint8Array, received: number) => void;
  /**
   * With `collect`: every byte kept is reserved here first (the workers' shared body
   * budget, through this poll's hold). Past it the body is streamed through the hash only
   * and the result has `body: null` and `overBudget: true`.
   */
  budget?: BodyHold;
}

/** One poll's share of the workers' body budget (worker/body-hold.ts). */
export interface BodyHold {
  tryReserve(bytes: number): boolean;
  release(bytes: number): void;
}

export type GetResult =
  | {
      ok: true;
      status: number;
      contentType: string;
      body: Uint8Array | null;
      digest: string | null;
      bytes: number;
      etag: string | null;
      /** The body was to be kept, but the body budget was spent: only its digest (and prefix) came through. */
      overBudget?: boolean;
    }
  | { ok: false; status: number; code: UpstreamErrorCode; message: string; bytes: number };

/** A non-2xx body is read this far so the socket stays reusable, then the socket is dropped. */
const DRAIN_CAP = 64 * 1024;

/** undici 7 hands the new-API handler parsed headers (lower-cased names). */
type Headers = Record<string, string | string[] | undefined>;

export class GetHandler implements Dispatcher.DispatchHandler {
  readonly #url: string;
  /** The URL as messages show it (redactUrl): what reaches the API and the logs. */
  readonly #shownUrl: string;
  readonly #options: GetOptions;
  readonly #resolve: (r: GetResult) => void;
  #controller: Dispatcher.DispatchController | null = null;
  /** Settled: later callbacks (our own abort's error, a late onRequestStart) only clean up. */
  #done = false;
  /** Why we gave up, for a request that reaches a socket after we settled. */
  #dropReason: Error | null = null;
  #status = 0;
  #bytes = 0;
  /** 304 and other non-2xx: the outcome is known at the headers; the body is only drained. */
  #decided: GetResult | null = null;
  #contentType = "";
  #etag: string | null = null;
  #hash: Hash | null = null;
  /** Collect with a known length: one exact allocation. */
  #exact: Uint8Array | null = null;
  /** Collect without a length: chunks joined once at the end. */
  #chunks: Buffer[] | null = null;
  #prefix: Uint8Array | null = null;
  /** Bytes of this body reserved in the body budget. */
  #reserved = 0;
  #overBudget = false;

  constructor(url: string, o: GetOptions, resolve: (r: GetResult) => void) {
    this.#url = url;
    this.#shownUrl = redactUrl(url);
    this.#options = o;
    this.#resolve = resolve;
  }

  start(agent: Dispatcher): void {
    const { signal, accept, ifNoneMatch, headers: extra } = this.#options;
    if (signal.aborted) return this.#fail(abortReason(signal));
    try {
      const u = new URL(this.#url);
      signal.addEventListener("abort", this.#onAbort);
      const headers = ifNoneMatch ? ["accept", accept, "if-none-match", ifNoneMatch] : ["accept", accept];
      if (extra) for (const [name, value] of Object.entries(extra)) headers.push(name, value);
      // dispatch reports its own errors through onResponseError; a throw here is ours.
      agent.dispatch({ origin: u.origin, path: u.pathname + u.search, method: "GET", headers }, this);
    } catch (err) {
      this.#fail(err);
    }
  }

  #onAbort = (): void => {
    const reason = abortReason(this.#options.signal);
    this.#fail(reason);
    this.#drop(reason);
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#dropReason) controller.abort(this.#dropReason);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: Headers): void {
    if (this.#done || status < 200) return; // 1xx: informational, the real answer follows
    this.#status = status;
    const ct = headers["content-type"];
    this.#contentType = ct === undefined ? "" : String(ct);
    const etag = headers.etag;
    this.#etag = typeof etag === "string" ? etag : null;
    const declared = Number(headers["content-length"] ?? NaN);
    const o = this.#options;
    if (status === 304 && o.ifNoneMatch) {
      this.#decided = { ok: true, status, contentType: this.#contentType, body: null, digest: null, bytes: 0, etag: this.#etag ?? o.ifNoneMatch };
      return;
    }
    if (status > 299) {
      this.#decided = { ok: false, status, code: httpErrorCode(status), message: `HTTP ${status} from ${this.#shownUrl}`, bytes: 0 };
      if (declared > DRAIN_CAP) this.#stop(this.#decided);
      return;
    }
    if (declared > o.maxBytes) return this.#stop(this.#tooLarge(declared, 0));
    if (o.digest) this.#hash = createHash("sha256");
    if (o.collect && Number.isSafeInteger(declared) && this.#reserve(declared)) this.#exact = allocate(declared, o.sharedBody);
    else if (o.collect && !Number.isSafeInteger(declared)) this.#chunks = [];
    else if (o.collect) this.#hashOnly();
    else if (o.prefixBytes) this.#prefix = new Uint8Array(o.prefixBytes);
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#done) return;
    const next = this.#bytes + chunk.length;
    if (this.#decided) {
      if (next > DRAIN_CAP) this.#stop(this.#decided);
      else this.#bytes = next;
      return;
    }
    if (next > this.#options.maxBytes) return this.#stop(this.#tooLarge(next, next));
    this.#options.received?.(chunk.length);
    this.#hash?.update(chunk);
    const exact = this.#exact;
    if (exact) {
      if (next > exact.length) {
        return this.#stop({ ok: false, status: this.#status, code: "protocol", message: `body longer than its Content-Length ${exact.length}`, bytes: this.#bytes });
      }
      exact.set(chunk, this.#bytes);
      this.#options.onBody?.(exact, next);
    } else if (this.#chunks && this.#reserve(chunk.length)) this.#chunks.push(chunk);
    else if (this.#chunks) {
      this.#hashOnly();
      this.#keepPrefix(chunk);
    } else if (this.#prefix && this.#bytes < this.#prefix.length) this.#prefix.set(chunk.subarray(0, this.#prefix.length - this.#bytes), this.#bytes);
    this.#bytes = next;
  }

  onResponseEnd(): void {
    if (this.#done) return;
    if (this.#decided) return this.#settle(this.#decided);
    const bytes = this.#bytes;
    let body: Uint8Array | null = null;
    if (this.#exact) body = bytes === this.#exact.length ? this.#exact : this.#exact.subarray(0, bytes);
    else if (this.#chunks) body = join(this.#chunks, bytes, this.#options.sharedBody);
    else if (this.#prefix) body = this.#prefix.subarray(0, Math.min(this.#prefix.length, bytes));
    const digest = this.#hash ? "0x" + this.#hash.digest("hex") : null;
    const r: GetResult = { ok: true, status: this.#status, contentType: this.#contentType, body, digest, bytes, etag: this.#etag };
    if (this.#overBudget) r.overBudget = true;
    this.#settle(r);
  }

  #reserve(bytes: number): boolean {
    const budget = this.#options.budget;
    if (budget === undefined) return true;
    if (!budget.tryReserve(bytes)) return false;
    this.#reserved += bytes;
    return true;
  }

  /** The budget is spent: give this body's bytes back, keep at most the caller's prefix, hash the rest. */
  #hashOnly(): void {
    const kept = this.#chunks;
    this.#chunks = null;
    this.#overBudget = true;
    const n = this.#options.prefixBytes ?? 0;
    if (n > 0) {
      this.#prefix = new Uint8Array(n);
      let off = 0;
      for (const c of kept ?? []) {
        if (off >= n) break;
        this.#prefix.set(c.subarray(0, n - off), off);
        off += Math.min(c.length, n - off);
      }
    }
    this.#options.budget?.release(this.#reserved);
    this.#reserved = 0;
  }

  #keepPrefix(chunk: Buffer): void {
    if (this.#prefix && this.#bytes < this.#prefix.length) this.#prefix.set(chunk.subarray(0, this.#prefix.length - this.#bytes), this.#bytes);
  }

  onResponseError(_c: Dispatcher.DispatchController | undefined, err: Error): void {
    this.#fail(err);
  }

  /** An error ends the request: a decided answer (304, non-2xx being drained) still stands. */
  #fail(err: unknown): void {
    if (this.#done) return;
    if (this.#decided) return this.#settle(this.#decided);
    const m = mapHttpError(err, this.#status !== 0);
    this.#settle({ ok: false, status: this.#status, code: m.code, message: redactUrl(`${m.message} (${this.#url})`), bytes: this.#bytes });
  }

  /** Settle with `r` and abort the request: the rest of the body is not wanted. */
  #stop(r: GetResult): void {
    this.#settle(r);
    this.#drop(new DOMException("response body dropped", "AbortError"));
  }

  #drop(reason: Error): void {
    this.#dropReason = reason;
    this.#controller?.abort(reason);
  }

  #settle(r: GetResult): void {
    this.#done = true;
    this.#options.signal.removeEventListener("abort", this.#onAbort);
    // Let go of what the caller now owns or never will.
    this.#chunks = null;
    this.#exact = null;
    this.#prefix = null;
    this.#resolve(r);
  }

  #tooLarge(size: number, bytes: number): GetResult {
    return { ok: false, status: this.#status, code: "too_large", message: `body of ${size} bytes or more exceeds the ${this.#options.maxBytes}-byte cap (${this.#shownUrl})`, bytes };
  }
}

function abortReason(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined) ?? new DOMException("aborted", "AbortError");
}

/** Join chunks into one fresh ArrayBuffer that can be transferred whole (never a pooled slab). */
function allocate(bytes: number, shared = false): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes);
}

function join(chunks: Buffer[], total: number, shared?: boolean): Uint8Array {
  const out = allocate(total, shared);
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
 * `midResponse`: the status line had come, so a reset cut a response short (`protocol`)
 * rather than refused one (`refused`).
 */
export function mapHttpError(err: unknown, midResponse = false): { code: UpstreamErrorCode; message: string } {
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
      return midResponse ? { code: "protocol", message: "connection reset mid-response" } : { code: "refused", message: "connection reset before a response" };
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
