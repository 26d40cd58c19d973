/**
 * What one client may cost the HTTP server, and the defaults of the settings that say it
 * (src/config/settings.ts reads them from here). docs/serving.md explains each bound.
 *
 * - `maxConnections`, `maxConnectionsPerAddress`: open TCP connections in total and from
 *   one remote address; a connection past either is answered one 503 and closed at once,
 *   established ones are not touched (connection-guard.ts).
 * - `sendMinBytesPerS` over `sendWindowMs`: a connection with an answer waiting to be
 *   written that moved fewer than min x window bytes during the last window is closed
 *   (a stalled or trickling reader; connection-guard.ts).
 * - `maxPinnedSuperseded`: distinct superseded states that downloads in progress may keep
 *   alive at once (superseded-downloads.ts).
 */

export interface ServingLimits {
  maxConnections: number;
  /** 0 = no per-address limit (behind a reverse proxy every client has its address). */
  maxConnectionsPerAddress: number;
  /** 0 = no send timeout. */
  sendMinBytesPerS: number;
  sendWindowMs: number;
  maxPinnedSuperseded: number;
}

/**
 * 1024 open connections: far more than the nodes that sync at once from one provider, and
 * below the open-file limits of common hosts once the poll sockets are counted.
 */
export const DEFAULT_MAX_CONNECTIONS = 1024;
/**
 * 32 from one address: a node needs 2 (block and state), a browser on the dashboard up to
 * 6, a few nodes behind one NAT a few times that; a flood from one host gets no further.
 */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;
/**
 * 16 KiB/s: a 16 MB state then takes at most ~17 minutes, so any link over ~130 kbit/s
 * completes it; a reader that stopped is cut one window after the socket buffers filled.
 */
export const DEFAULT_SEND_MIN_BYTES_PER_S = 16 * 1024;
/** 20 s: long enough for a congested link's pauses, short enough that a stalled reader goes within tens of seconds. */
export const DEFAULT_SEND_WINDOW_MS = 20_000;
/** 4 superseded states of 16 MB are 64 MB beyond the history at most, whatever the number of slow clients. */
export const DEFAULT_MAX_PINNED_SUPERSEDED = 4;

export const DEFAULT_SERVING_LIMITS: Readonly<ServingLimits> = Object.freeze({
  maxConnections: DEFAULT_MAX_CONNECTIONS,
  maxConnectionsPerAddress: DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  sendMinBytesPerS: DEFAULT_SEND_MIN_BYTES_PER_S,
  sendWindowMs: DEFAULT_SEND_WINDOW_MS,
  maxPinnedSuperseded: DEFAULT_MAX_PINNED_SUPERSEDED,
});

/**
 * A client has this long from its connection (or the end of its last answer) to send a
 * whole request head (slowloris); sending the answer is not bounded by it.
 */
export const REQUEST_TIMEOUT_MS = 10_000;
/** How often Node checks that timeout: a slow head is cut between 10 and 11 s (Node's default check is every 30 s). */
export const TIMEOUT_CHECK_MS = 1_000;
/** An idle keep-alive connection is closed after this (Node's default; fastify's 72 s would let idle sockets fill the limits). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
