/**
 * Tiny loopback HTTP servers for poll tests: each misbehaves at the socket level.
 * Every server is tracked and closed (with its open sockets) by `closeAll`.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

export type ServerKind = "healthy" | "blackhole" | "stall-body" | "http-503";

export interface TestServers {
  /**
   * `blockBytes`, when given, is served at /lean/v0/blocks/finalized (else 404: not
   * supported); `stateDelayMs` holds the state's answer back that long.
   */
  start(kind: ServerKind, stateBytes: Uint8Array, blockBytes?: Uint8Array, stateDelayMs?: number): Promise<string>;
  /** A URL whose port refuses connections (bound once, then closed). */
  refusedUrl(): Promise<string>;
  closeAll(): Promise<void>;
}

export function testServers(): TestServers {
  const servers: http.Server[] = [];
  const sockets = new Set<net.Socket>();
  return {
    async start(kind, stateBytes, blockBytes, stateDelayMs = 0) {
      const server = http.createServer((req, res) => {
        if (kind === "blackhole") return; // accept, never answer
        if (req.url === "/lean/v0/blocks/finalized" && blockBytes) {
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": blockBytes.length }).end(blockBytes);
          return;
        }
        if (req.url !== "/lean/v0/states/finalized") {
          res.writeHead(404).end();
          return;
        }
        if (kind === "http-503") {
          res.writeHead(503, { "content-type": "application/json" }).end('{"error":"no finalized state"}');
          return;
        }
        const send = () => {
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": stateBytes.length });
          if (kind === "stall-body") res.write(stateBytes.subarray(0, 100)); // headers and a little, then nothing
          else res.end(stateBytes);
        };
        if (stateDelayMs > 0) setTimeout(send, stateDelayMs);
        else send();
      });
      server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async refusedUrl() {
      const s = net.createServer();
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      const port = (s.address() as AddressInfo).port;
      await new Promise<void>((r) => s.close(() => r()));
      return `http://127.0.0.1:${port}`;
    },
    async closeAll() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
