/**
 * The settings of `quorumpoint serve`, in two shapes:
 * - `ServeOptions`: what a person gives (a config file's keys, or code building a config),
 *   every field optional, values not yet checked;
 * - `ServeConfig`: resolved once by `loadConfig` / `resolveConfig`, every field required,
 *   every rule checked. Components read only this.
 */

import type { QuorumBase } from "../consensus/index.js";

/** pino's level names, plus `silent`. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const CHAINS = ["lean", "beacon"] as const;
export type Chain = (typeof CHAINS)[number];
/** --max-state-bytes of the beacon chain when not given: a mainnet state is 150-300 MB and grows. */
export const BEACON_MAX_STATE_BYTES = 512 * 2 ** 20;
/** --history of the beacon chain when not given: each entry holds a state of up to hundreds of MB. */
export const BEACON_HISTORY = 3;
/**
 * --poll-interval-ms, --timeout-ms and --stale-after-ms of the beacon chain when not given:
 * a round per mainnet slot, and a poll budget that fits a 300 MB state at 240 Mbit/s.
 */
export const BEACON_TIMING = { pollIntervalMs: 12_000, timeoutMs: 10_000, staleAfterMs: 60_000 } as const;
/** --slot-ms of the simulated beacon chain when not given. */
export const BEACON_DEVNET_SLOT_MS = 1000;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One upstream lean node. */
export interface UpstreamConfig {
  /** Unique; a metric label and the name in /status. Default: host:port of the URL. */
  name: string;
  /** http(s) base URL, normalized, without a trailing slash or userinfo: append `/lean/v0/...`. */
  url: string;
  /** Sent with every request (the entry's `headers`, the URL's userinfo as Basic auth); absent when none. */
  headers?: Readonly<Record<string, string>>;
}

/** An upstream as written in a config file: a `name=URL` / `URL` string or an object. */
export type UpstreamOption = string | { name?: string; url: string; path?: string; headers?: Record<string, string> };

/** User-facing settings; keys are the camelCase flag names (also the config-file keys). */
export interface ServeOptions {
  upstream?: UpstreamOption | readonly UpstreamOption[];
  upstreamsConfig?: string;
  bind?: string;
  port?: number;
  pollIntervalMs?: number;
  timeoutMs?: number;
  firstContactMs?: number;
  staleAfterMs?: number;
  pairWindowMs?: number;
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  /** A byte count, or a string with a suffix: "16KiB". */
  sendMinBytesPerS?: number | string;
  sendWindowMs?: number;
  maxPinnedSuperseded?: number;
  /** A byte count, or a string with a suffix: "64MiB". */
  maxStateBytes?: number | string;
  maxInflightBytes?: number | string;
  logLevel?: LogLevel;
  pollConcurrency?: number;
  workers?: number;
  quorum?: number;
  minAgree?: number;
  quorumOf?: QuorumBase;
  allowFinalityReorg?: boolean;
  history?: number;
  balance?: boolean;
  balanceWindow?: number;
  balanceThreshold?: number;
  maxLanes?: number;
  devnet?: number;
  devnetFaults?: string;
  slotMs?: number;
  chain?: Chain;
  devnetValidators?: number;
  devnetPreset?: "mainnet" | "minimal";
  stateMb?: number;
}

/** Resolved settings of the daemon. */
export interface ServeConfig {
  /** From --upstream and --upstreams-config together; names and URLs unique. May be empty when devnet > 0. */
  upstreams: UpstreamConfig[];
  /** The leanpoint-format upstreams file that was read, or null. */
  upstreamsConfig: string | null;
  /** The JSON config file that was read, or null. */
  configFile: string | null;

  /** HTTP API address and port (0 = any free port). */
  bind: string;
  port: number;

  /** Time between round starts. */
  pollIntervalMs: number;
  /** Budget of one poll (the worker's AbortSignal); undici phase timeouts derive from it. */
  timeoutMs: number;
  /** Budget of an upstream's first poll (0 = timeoutMs): dead ones are found without holding slots a whole timeout. */
  firstContactMs: number;
  /** A served state older than this is reported stale; > pollIntervalMs, > timeoutMs. */
  staleAfterMs: number;
  /** Size cap of one state body. */
  maxStateBytes: number;
  /** Body bytes all poll workers may hold at once (>= maxStateBytes). */
  maxInflightBytes: number;
  /** How long a client's block and state requests stay on one checkpoint (0 = off). */
  pairWindowMs: number;
  /** HTTP connections open at most, in total and from one address (0 = no per-address limit). */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** A client reading slower than this over sendWindowMs is disconnected (0 = never). */
  sendMinBytesPerS: number;
  sendWindowMs: number;
  /** Distinct superseded states that downloads in progress may keep alive. */
  maxPinnedSuperseded: number;
  logLevel: LogLevel;

  /** Polls in flight at once, 1..256 (0 and over-256 already mapped). */
  pollConcurrency: number;
  /** OS threads in the poll pool, 1..64. */
  workers: number;

  /** Fraction of responding upstreams that must agree, 0 <= q < 1. */
  quorum: number;
  /** Least number of agreeing upstreams, >= 1 and <= the number of upstreams. */
  minAgree: number;
  /** What the quorum share is a share of (consensus/types.ts QuorumBase). */
  quorumOf: QuorumBase;
  /** Serve a non-descendant finalized checkpoint instead of refusing it. */
  allowFinalityReorg: boolean;
  /** Finalized states kept in the store, 1..1024. */
  history: number;

  /** false = one lane, no split/collapse (--no-balance). */
  balance: boolean;
  /** Rounds summed per lane before a decision. */
  balanceWindow: number;
  /** A lane whose window load passes this fraction (0, 1] of the pool's slot time may be split. */
  balanceThreshold: number;
  /** Most lanes at once, 1..pollConcurrency; default `defaultMaxLanes(pollConcurrency)` of balance/config.ts. */
  maxLanes: number;

  /** Simulated upstream nodes to embed, 0 = none. */
  devnet: number;
  /** Fault spec for the devnet nodes (grammar owned by src/devnet/), or null. */
  devnetFaults: string | null;
  /** `--chain`: lean, or beacon (the upstreams are beacon nodes; served as checkpointz does). */
  chain: Chain;
  /** The simulated beacon chain's validators and SSZ preset (--chain beacon with --devnet). */
  devnetValidators: number;
  devnetPreset: "mainnet" | "minimal";
  /** Devnet slot time. */
  slotMs: number;
  /** Devnet state size in MiB. */
  stateMb: number;
}

/** What `loadConfig` returns: the config, and warnings for the caller to log. */
export interface LoadedConfig {
  config: ServeConfig;
  /** One line each, e.g. a clamped --poll-concurrency. */
  warnings: string[];
}
