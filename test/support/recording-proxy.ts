/**
 * A recording HTTP proxy on 127.0.0.1: forwards every request to one target origin and
 * records what was asked (method, path with query, Accept) and what was answered (status,
 * content type, body), so a test can assert exactly which requests a client made and what
 * it got. Bodies are kept up to a cap each; beacon states on a dev chain are a few KB.
 * With `forward` and `rewrite` it is a lying upstream instead: another path asked of the
 * target, or the answer's body changed on the way.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedExchange {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  /** The Accept header, or null when the client sent none. */
  accept: string | null;
  /** Null until the target's answer has ended (or when forwarding failed: see `error`). */
  response: { status: number; contentType: string | null; body: Buffer; truncated: boolean } | null;
  error: string | null;
}

export interface RecordingProxy {
  url: string;
  /** In arrival order. */
  exchanges: RecordedExchange[];
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** Bytes of each response body kept; the rest is forwarded but not recorded. */
  maxBodyBytes?: number;
  /** The path to ask the target for, given the client's (default: the same). */
  forward?: (path: string) => string;
  /** A new body for a 2xx answer to `path` (the whole body is read first), or null to pass it on. */
  rewrite?: (path: string, body: Buffer) => Buffer | null;
}

export async function startRecordingProxy(target: string, { maxBodyBytes = 8 << 20, forward, rewrite }: RecordingProxyOptions = {}): Promise<RecordingProxy> {
  const origin = new URL(target);
  const exchanges: RecordedExchange[] = [];
  const server = http.createServer((req, res) => {
    const ex: RecordedExchange = { method: req.method ?? "", path: req.url ?? "", accept: req.headers.accept ?? null, response: null, error: null };
    exchanges.push(ex);
    const headers = { ...req.headers, host: origin.host };
    const path = forward ? forward(req.url ?? "/") : req.url;
    const up = http.request({ host: origin.hostname, port: origin.port, method: req.method, path, headers }, (upRes) => {
      const status = upRes.statusCode ?? 502;
      if (rewrite && status >= 200 && status < 300) {
        const parts: Buffer[] = [];
        upRes.on("data", (c: Buffer) => parts.push(c));
        upRes.on("end", () => {
          const body = Buffer.concat(parts);
          const out = rewrite(req.url ?? "/", body) ?? body;
          ex.response = { status, contentType: upRes.headers["content-type"] ?? null, body: out.subarray(0, maxBodyBytes), truncated: out.length > maxBodyBytes };
          const { "transfer-encoding": _chunked, "content-length": _length, ...rest } = upRes.headers;
          res.writeHead(status, { ...rest, "content-length": String(out.length) }).end(out);
        });
        return;
      }
      res.writeHead(status, upRes.headers);
      const chunks: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      upRes.on("data", (c: Buffer) => {
        if (kept < maxBodyBytes) chunks.push(c.subarray(0, maxBodyBytes - kept));
        truncated ||= kept + c.length > maxBodyBytes;
        kept = Math.min(maxBodyBytes, kept + c.length);
      });
      upRes.on("end", () => {
        ex.response = { status: upRes.statusCode ?? 0, contentType: upRes.headers["content-type"] ?? null, body: Buffer.concat(chunks), truncated };
      });
      upRes.pipe(res);
    });
    up.on("error", (e) => {
      ex.error = e.message;
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`recording proxy: ${e.message}`);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** `METHOD path` of each exchange, the shape most assertions want. */
export function requestLines(p: RecordingProxy): string[] {
  return p.exchanges.map((e) => `${e.method} ${e.path}`);
}
