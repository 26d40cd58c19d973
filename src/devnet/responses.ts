/**
 * Socket-level answers of a devnet node: plain JSON, SSZ bodies streamed from shared
 * Buffers (sliced, never copied), lazily generated oversize bodies, trickled bodies and
 * early cuts. Every timer a response starts is tracked, so closing a node stops it.
 */
import type { ServerResponse } from "node:http";
import { STATE_LAYOUT } from "../lean/index.js";
import type { Behaviour } from "./behaviours.js";

/** Zeros that pad a "huge" body, reused for every chunk: the body is never allocated. */
const ZEROS = Buffer.alloc(64 * 1024);

/** What a body is made of, in order. */
export interface BodyPlan {
  parts: Buffer[];
  /** Then this many zero bytes, generated chunk by chunk under backpressure. */
  zeroFill?: number;
  /** Destroy the connection once this many bytes are handed to the kernel. */
  destroyAfter?: number;
  /** Send at most `chunkBytes` every `intervalMs`. */
  trickle?: { chunkBytes: number; intervalMs: number };
  /** An ETag header to send with the body. */
  etag?: string;
  /** More response headers (the beacon API's Eth-Consensus-Version). */
  headers?: Record<string, string>;
}

export function bodyLength(plan: BodyPlan): number {
  return plan.parts.reduce((n, p) => n + p.length, 0) + (plan.zeroFill ?? 0);
}

/** The timers a node's responses started; `clear()` when the node closes. */
export class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Run `fn` after `ms` unless `res` closes first. */
  after(res: ServerResponse, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      res.off("close", cancel);
      if (!res.destroyed) fn();
    }, ms);
    const cancel = (): void => {
      clearTimeout(t);
      this.#timers.delete(t);
    };
    this.#timers.add(t);
    res.once("close", cancel);
  }

  clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": bytes.length });
  res.end(bytes);
}

/** Yields a plan's bytes in chunks of at most `max` (parts are sliced, zeros reused). */
function chunker(plan: BodyPlan): (max: number) => Buffer | null {
  let part = 0;
  let offset = 0;
  let zerosLeft = plan.zeroFill ?? 0;
  return (max) => {
    while (part < plan.parts.length && offset >= plan.parts[part].length) {
      part += 1;
      offset = 0;
    }
    if (part < plan.parts.length) {
      const p = plan.parts[part];
      const chunk = p.subarray(offset, Math.min(p.length, offset + max));
      offset += chunk.length;
      return chunk;
    }
    if (zerosLeft <= 0) return null;
    const n = Math.min(zerosLeft, max, ZEROS.length);
    zerosLeft -= n;
    return ZEROS.subarray(0, n);
  };
}

/** Write headers and stream the body as planned (Content-Length unless `chunked`). */
export function sendBody(res: ServerResponse, contentType: string, plan: BodyPlan, timers: TimerSet, chunked = false): void {
  const headers: Record<string, string | number> = { ...plan.headers, "content-type": contentType };
  if (!chunked) headers["content-length"] = bodyLength(plan);
  if (plan.etag !== undefined) headers.etag = plan.etag;
  res.writeHead(200, headers);
  const next = chunker(plan);
  const max = plan.trickle?.chunkBytes ?? Infinity;
  let sent = 0;
  const pump = (): void => {
    for (;;) {
      if (res.destroyed) return;
      const room = plan.destroyAfter === undefined ? Infinity : plan.destroyAfter - sent;
      const chunk = next(Math.min(max, room));
      if (chunk === null) {
        res.end();
        return;
      }
      sent += chunk.length;
      if (sent === plan.destroyAfter) {
        // Hand the last bytes to the kernel first, then cut: the client gets them, then EOF.
        res.write(chunk, () => res.destroy());
        return;
      }
      const ok = res.write(chunk);
      if (plan.trickle !== undefined) {
        timers.after(res, plan.trickle.intervalMs, pump);
        return;
      }
      if (!ok) {
        res.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

/** Where a state's bytes can be broken on purpose: both offsets count from the body's first byte. */
export interface StateMarks {
  /** A byte inside the validators list (its first pubkey byte): flipping it keeps valid SSZ. */
  validatorByte: number;
  /** The first variable field's 4-byte offset in the fixed part. */
  firstOffset: number;
}

/** `parts` with `bytes` written at `at`, copying only the pieces written over. */
export function patchParts(parts: readonly Buffer[], at: number, bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (const p of parts) {
    const end = start + p.length;
    const from = Math.max(at, start);
    const to = Math.min(at + bytes.length, end);
    if (from >= to) out.push(p);
    else {
      if (from > start) out.push(p.subarray(0, from - start));
      out.push(bytes.subarray(from - at, to - at));
      if (to < end) out.push(p.subarray(to - start));
    }
    start = end;
  }
  return out;
}

/** `parts` cut to their first `length` bytes (sliced, never copied). */
export function cutParts(parts: readonly Buffer[], length: number): Buffer[] {
  const out: Buffer[] = [];
  let left = length;
  for (const p of parts) {
    if (left <= 0) break;
    out.push(left >= p.length ? p : p.subarray(0, left));
    left -= p.length;
  }
  return out;
}

function byteAt(parts: readonly Buffer[], at: number): number {
  let start = 0;
  for (const p of parts) {
    if (at < start + p.length) return p[at - start];
    start += p.length;
  }
  throw new RangeError(`byte ${at} is past the end`);
}

/**
 * The body a state fault sends instead of `parts` (the honest state), or the honest one:
 * wrong-root flips a validator byte (valid SSZ, wrong hash_tree_root), corrupted points the
 * first offset far past the end (undecodable), truncated and huge cut or pad the body.
 */
export function stateFaultPlan(b: Behaviour, parts: Buffer[], marks: StateMarks): BodyPlan {
  const length = parts.reduce((n, p) => n + p.length, 0);
  switch (b.name) {
    case "wrong-root":
      return { parts: patchParts(parts, marks.validatorByte, Buffer.from([byteAt(parts, marks.validatorByte) ^ 0xff])) };
    case "corrupted": {
      const offset = Buffer.alloc(4);
      offset.writeUInt32LE(0xfffffff0);
      return { parts: patchParts(parts, marks.firstOffset, offset) };
    }
    case "truncated": {
      const half = Math.floor(length / 2);
      return b.params.mode === "short" ? { parts: cutParts(parts, half) } : { parts, destroyAfter: half };
    }
    case "huge": {
      const head = cutParts(parts, Math.min(length, b.params.bytes));
      return { parts: head, zeroFill: b.params.bytes - Math.min(length, b.params.bytes) };
    }
    default:
      return { parts };
  }
}

/** The marks of a lean State: its validators list offset is the third entry of its offset table. */
export function leanStateMarks(state: Buffer): StateMarks {
  return { validatorByte: state.readUInt32LE(STATE_LAYOUT.offsets + 8), firstOffset: STATE_LAYOUT.offsets };
}
