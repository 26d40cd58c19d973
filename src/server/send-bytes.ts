/**
 * Writing one verified SSZ body (a state or a block) to a client, the same way for every
 * chain's routes: ETag and 304, Content-Length, HEAD without a body, the sent bytes
 * counted, and the body streamed as views in chunks.
 *
 * The bytes are sent as views (no copy), in 256 KiB chunks so the send timeout can measure
 * a slow reader (connection-guard.ts). A download that keeps a state alive is counted in
 * `downloads` until its answer is written or the connection closes
 * (superseded-downloads.ts).
 */
import { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { StoreEntry } from "../store/index.js";
import { ifNoneMatchHits } from "./http-cache.js";
import type { SupersededDownloads } from "./superseded-downloads.js";

/** Chunks of a body written at a time: small enough for the send-rate measure; 64 KiB cost the event loop a third more (bench/results/2026-12-02-serve-chunk-size.md). */
const SEND_CHUNK_BYTES = 256 * 1024;

export interface SszBody {
  bytes: Uint8Array;
  /** A strong validator of exactly these bytes, quoted. */
  etag: string;
}

export interface SendBytesOptions {
  /** Counts the bytes of a GET 200 (the api byte counters). */
  count(n: number): void;
  /** Given when the body keeps `entry`'s state alive: the download is held until written. */
  hold?: { downloads: SupersededDownloads; entry: StoreEntry };
}

/** Sends `body` as application/octet-stream, or 304 when the client holds it already. Headers set before stay. */
export function sendBytes(req: FastifyRequest, reply: FastifyReply, body: SszBody, options: SendBytesOptions) {
  reply.header("etag", body.etag);
  if (ifNoneMatchHits(req.headers["if-none-match"], body.etag)) return reply.code(304).send();
  const bytes = Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  reply.type("application/octet-stream").header("content-length", String(bytes.byteLength));
  if (req.method !== "GET") return reply.send(bytes);
  options.count(bytes.byteLength);
  if (options.hold !== undefined) {
    const release = options.hold.downloads.hold(options.hold.entry);
    reply.raw.once("finish", release);
    reply.raw.once("close", release);
  }
  return reply.send(chunked(bytes));
}

/** `bytes` as a stream of views, pulled as the socket drains. */
function chunked(bytes: Buffer): Readable {
  let at = 0;
  return new Readable({
    highWaterMark: SEND_CHUNK_BYTES,
    read() {
      const end = Math.min(bytes.byteLength, at + SEND_CHUNK_BYTES);
      this.push(at < end ? bytes.subarray(at, end) : null);
      at = end;
    },
  });
}
