/**
 * Bounds what connections may cost, on the server fastify built (node:http):
 *
 * - Admission: a new connection past `maxConnections` open in total, or past
 *   `maxConnectionsPerAddress` from its remote address, never reaches the HTTP parser: it
 *   is written one `503 {"error":"too_many_connections","reason":"total"|"per_address"}`
 *   and closed (its request is read and dropped meanwhile, so the close is not a reset
 *   that would hide the 503). Established connections are not touched.
 * - Send timeout: once a tick (1 s), every connection with bytes waiting to be written is
 *   measured: bytes the kernel took (`bytesWritten - writableLength`). One that moved
 *   fewer than `sendMinBytesPerS x sendWindowMs` bytes over the last whole window of
 *   waiting is reset (a stalled or trickling reader). A connection with nothing
 *   waiting (caught up, or idle between requests) starts its window afresh; idle ones are
 *   the keep-alive timeout's. Writes must come in chunks for the measure to move (the
 *   SSZ routes stream 256 KiB views, send-bytes.ts): one huge write only counts when
 *   it completes.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { ServingLimits } from "./limits.js";

export type RefusedReason = "total" | "per_address";

export interface ConnectionGuardEvents {
  onRefused?(reason: RefusedReason): void;
  onSendTimeout?(): void;
}

interface Watched {
  /** Progress samples of the current wait, oldest first: [atMs, bytes moved]. */
  samples: Array<[number, number]>;
}

const TICK_MS = 1_000;
/** A refused socket may linger this long for its 503 to be read. */
const REFUSED_LINGER_MS = 1_000;
/** Past this many refused sockets still lingering, new ones are destroyed without an answer (a flood). */
const MAX_LINGERING = 256;

export class ConnectionGuard {
  readonly #limits: ServingLimits;
  readonly #events: ConnectionGuardEvents;
  readonly #open = new Map<Socket, Watched>();
  readonly #perAddress = new Map<string, number>();
  #lingering = 0;
  #timer: NodeJS.Timeout | null = null;
  readonly #now: () => number;

  constructor(server: Server, limits: ServingLimits, events: ConnectionGuardEvents = {}, now: () => number = Date.now) {
    this.#limits = limits;
    this.#events = events;
    this.#now = now;
    // node:http's own 'connection' listener (the parser) runs only for admitted sockets.
    const listeners = server.listeners("connection") as Array<(this: Server, socket: Socket) => void>;
    server.removeAllListeners("connection");
    server.on("connection", (socket: Socket) => {
      const refused = this.#admit(socket);
      if (refused !== null) return this.#refuse(socket, refused);
      for (const l of listeners) l.call(server, socket);
    });
    if (limits.sendMinBytesPerS > 0) {
      server.on("listening", () => this.#start());
      server.on("close", () => this.#stop());
    }
  }

  /** Open admitted connections. */
  get open(): number {
    return this.#open.size;
  }

  #admit(socket: Socket): RefusedReason | null {
    const address = socket.remoteAddress ?? "unknown";
    const fromAddress = this.#perAddress.get(address) ?? 0;
    if (this.#open.size >= this.#limits.maxConnections) return "total";
    if (this.#limits.maxConnectionsPerAddress > 0 && fromAddress >= this.#limits.maxConnectionsPerAddress) return "per_address";
    this.#open.set(socket, { samples: [] });
    this.#perAddress.set(address, fromAddress + 1);
    socket.once("close", () => {
      this.#open.delete(socket);
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
    });
    return null;
  }

  #refuse(socket: Socket, reason: RefusedReason): void {
    this.#events.onRefused?.(reason);
    socket.on("error", () => {});
    if (this.#lingering >= MAX_LINGERING) {
      socket.destroy();
      return;
    }
    this.#lingering++;
    socket.once("close", () => this.#lingering--);
    const limit = reason === "total" ? `${this.#limits.maxConnections} open connections` : `${this.#limits.maxConnectionsPerAddress} open connections from one address`;
    const body = JSON.stringify({ error: "too_many_connections", reason, message: `the server holds its limit of ${limit}; retry later` });
    socket.end(
      "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n" +
        `retry-after: 1\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.resume();
    socket.setTimeout(REFUSED_LINGER_MS, () => socket.destroy());
  }

  #start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => this.tick(), TICK_MS);
    this.#timer.unref();
  }

  #stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One measure of every open connection (the timer's; public for tests). */
  tick(): void {
    const now = this.#now();
    const { sendMinBytesPerS, sendWindowMs } = this.#limits;
    if (sendMinBytesPerS <= 0) return;
    for (const [socket, w] of this.#open) {
      if (socket.destroyed || socket.writableLength === 0) {
        w.samples.length = 0;
        continue;
      }
      const moved = socket.bytesWritten - socket.writableLength;
      w.samples.push([now, moved]);
      // Keep the newest sample at least one window old as the window's start.
      while (w.samples.length > 1 && now - w.samples[1][0] >= sendWindowMs) w.samples.shift();
      const [since, movedThen] = w.samples[0];
      const span = now - since;
      if (span < sendWindowMs) continue;
      if (moved - movedThen < (sendMinBytesPerS * span) / 1000) {
        this.#events.onSendTimeout?.();
        // A reset, not a close: the kernel drops what it still holds for this reader at once.
        socket.resetAndDestroy();
      }
    }
  }
}
