/**
 * Socket-level answers of a devnet node: plain JSON, SSZ bodies streamed from shared
 * Buffers (sliced, never copied), lazily generated oversize bodies, trickled bodies and
 * early cuts. Every timer a response starts is tracked, so closing a node stops it.
 */
import type { ServerResponse } from "node:http";
import { STATE_LAYOUT } from "../lean/index.js";

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

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json", "content-length": bytes.length });
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
  const headers: Record<string, string | number> = { "content-type": contentType };
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

/** Offset of the validators list (its first pubkey byte), from the state's offset table. */
function validatorsOffset(state: Buffer): number {
  return state.readUInt32LE(STATE_LAYOUT.offsets + 8);
}

/** Still valid SSZ, but one validator pubkey byte flipped: hash_tree_root no longer matches. */
export function wrongRootParts(state: Buffer): Buffer[] {
  const at = validatorsOffset(state);
  return [state.subarray(0, at), Buffer.from([state[at] ^ 0xff]), state.subarray(at + 1)];
}

/** The first list offset points far past the end: the bytes cannot decode. */
export function corruptedParts(state: Buffer): Buffer[] {
  const fixed = Buffer.from(state.subarray(0, STATE_LAYOUT.fixedSize));
  fixed.writeUInt32LE(0xfffffff0, STATE_LAYOUT.offsets);
  return [fixed, state.subarray(STATE_LAYOUT.fixedSize)];
}
