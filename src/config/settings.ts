/**
 * THE table of `quorumpoint serve` settings: the single source for the yargs options and
 * --help (flags.ts), the environment and config-file readers (sources.ts) and validation
 * (load.ts). Adding a setting = one entry here + its field in types.ts.
 *
 * Names: flag `--poll-concurrency`, environment `QUORUMPOINT_POLL_CONCURRENCY`, config-file
 * key `pollConcurrency` (the kebab form is accepted too). Rules that tie two settings
 * together (stale > interval > ..., max lanes <= concurrency) live in load.ts.
 */
import { availableParallelism } from "node:os";
import { DEFAULT_BALANCE_THRESHOLD, DEFAULT_BALANCE_WINDOW } from "../balance/config.js";
import { DEFAULT_QUORUM_OF, QUORUM_BASES } from "../consensus/index.js";
import { DEFAULT_SERVING_LIMITS } from "../server/limits.js";
import { CHAINS, LOG_LEVELS } from "./types.js";
import type { ServeConfig, UpstreamConfig } from "./types.js";
import { UPSTREAM_RULE, parseUpstreamList } from "./upstreams.js";
import { isIP } from "node:net";
import { MAX_TIMER_MS, boolean, byteCount, decimal, formatBytes, hostOrIp, integer, invalid, oneOf, text } from "./values.js";

/** Polls in flight when --poll-concurrency is 0 or not given: leanpoint's 64-upstream scale. */
export const DEFAULT_POLL_CONCURRENCY = 64;
/** Each poll in flight may hold a socket and a state body up to --max-state-bytes: cap the memory. */
export const MAX_POLL_CONCURRENCY = 256;
/** A single state must fit one Node Buffer (4 GiB on Node 20). */
const MAX_STATE_BYTES_LIMIT = 4 * 2 ** 30;
/** More threads than this only adds GC and helper-thread time on any machine we size for. */
export const MAX_WORKERS = 64;
/** One loopback devnet host; beyond this the simulation, not quorumpoint, is measured. */
const MAX_DEVNET_NODES = 512;

/**
 * Each parsed value, by key, before the cross-setting rules of load.ts: ServeConfig's
 * fields, but with the raw --config and --upstream values and a max-lanes not yet derived.
 */
export type SettingValues = Omit<ServeConfig, "upstreams" | "configFile" | "maxLanes"> & {
  config: string | null;
  upstream: UpstreamConfig[];
  /** null = derived from pollConcurrency (balance/config.ts `defaultMaxLanes`). */
  maxLanes: number | null;
};
export type SettingKey = keyof SettingValues;

export type SettingGroup = "Upstreams" | "Server" | "Polling" | "Quorum" | "Balancer" | "Devnet" | "General";

export interface ParseContext {
  /** How the value's source is named in messages: `--port`, `QUORUMPOINT_PORT`, `cfg.json:port`. */
  source: string;
  warn(message: string): void;
}

export interface Setting<K extends SettingKey = SettingKey> {
  key: K;
  /** Flag name without dashes, kebab-case. */
  flag: string;
  /** How yargs and the environment read it: one string, a boolean, or a repeatable list. */
  kind: "string" | "boolean" | "list";
  group: SettingGroup;
  description: string;
  /** The rule as printed after `invalid setting X=V: `. */
  rule: string;
  default: SettingValues[K];
  /** The default as --help shows it. */
  defaultText: string;
  parse(raw: unknown, ctx: ParseContext): SettingValues[K];
  /** false: not accepted as a config-file key (only --config itself). */
  inFile?: false;
}

/** The union of Setting<K> over every key, so `table[i].parse` returns its own type. */
export type AnySetting = { [K in SettingKey]: Setting<K> }[SettingKey];

const define = <K extends SettingKey>(s: Setting<K>): Setting<K> => s;

/** A host name may not be all digits and dots: `999.1.1.1` is a mistyped address, not a name to look up. */
function bindAddress(raw: unknown): string {
  const s = hostOrIp(raw);
  return /^[\d.]+$/.test(s) && isIP(s) === 0 ? invalid() : s;
}

const msRule = (min: number): string => `an integer ${min}..${MAX_TIMER_MS} (milliseconds)`;
const ms = (min: number) => (raw: unknown) => integer(raw, min, MAX_TIMER_MS);
/** 0 (the setting's "off"), or a value of at least `min`. */
const zeroOr = (n: number, min: number): number => (n === 0 || n >= min ? n : integer(n, min, MAX_TIMER_MS));
/**
 * Poll workers when --workers is not given: one per core (and the bench's default too).
 * Past the cores each worker costs memory for no sure gain in speed: the bench's worker
 * sweeps (`npm run bench -- --sweep-workers 1,2,4,8`, bench/results/report.md) show it.
 */
export function defaultWorkers(cores = availableParallelism()): number {
  return Math.min(MAX_WORKERS, Math.max(1, cores));
}

export const SETTINGS: readonly AnySetting[] = [
  define({ key: "upstream", flag: "upstream", kind: "list", group: "Upstreams", default: [], defaultText: "none",
    description: "An upstream lean node, repeatable; name=URL names it, else its name is host:port",
    rule: UPSTREAM_RULE, parse: (raw) => parseUpstreamList(raw) }),
  define({ key: "upstreamsConfig", flag: "upstreams-config", kind: "string", group: "Upstreams", default: null, defaultText: "none",
    description: 'Upstreams file in leanpoint format {"upstreams":[{"name","url","path"}]}; adds to --upstream',
    rule: "a path to a readable JSON file", parse: (raw) => text(raw) }),
  define({ key: "bind", flag: "bind", kind: "string", group: "Server", default: "127.0.0.1", defaultText: "127.0.0.1",
    description: "Address the HTTP API listens on", rule: "an IP address or host name", parse: (raw) => bindAddress(raw) }),
  define({ key: "port", flag: "port", kind: "string", group: "Server", default: 5555, defaultText: "5555",
    description: "Port of the HTTP API", rule: "an integer 0..65535 (0 = any free port)", parse: (raw) => integer(raw, 0, 65535) }),
  define({ key: "pairWindowMs", flag: "pair-window-ms", kind: "string", group: "Server", default: 30000, defaultText: "30000",
    description: "A client's block and state requests within this time get one checkpoint, across a change (0 = off)",
    rule: msRule(0), parse: ms(0) }),
  define({ key: "maxConnections", flag: "max-connections", kind: "string", group: "Server", default: DEFAULT_SERVING_LIMITS.maxConnections,
    defaultText: String(DEFAULT_SERVING_LIMITS.maxConnections),
    description: "Open HTTP connections at most; one more is answered 503 and closed", rule: "an integer 1..1048576",
    parse: (raw) => integer(raw, 1, 2 ** 20) }),
  define({ key: "maxConnectionsPerAddress", flag: "max-connections-per-address", kind: "string", group: "Server",
    default: DEFAULT_SERVING_LIMITS.maxConnectionsPerAddress, defaultText: String(DEFAULT_SERVING_LIMITS.maxConnectionsPerAddress),
    description: "Open HTTP connections from one client address at most; one more is answered 503 and closed (0 = no limit, e.g. behind a proxy)",
    rule: "an integer 0..1048576", parse: (raw) => integer(raw, 0, 2 ** 20) }),
  define({ key: "sendMinBytesPerS", flag: "send-min-bytes-per-s", kind: "string", group: "Server",
    default: DEFAULT_SERVING_LIMITS.sendMinBytesPerS, defaultText: formatBytes(DEFAULT_SERVING_LIMITS.sendMinBytesPerS),
    description: "A client reading an answer slower than this over --send-window-ms is disconnected (0 = never)",
    rule: "a byte count 0..1GiB (suffixes KiB MiB GiB kB MB GB)", parse: (raw) => byteCount(raw, 0, 2 ** 30) }),
  define({ key: "sendWindowMs", flag: "send-window-ms", kind: "string", group: "Server", default: DEFAULT_SERVING_LIMITS.sendWindowMs,
    defaultText: String(DEFAULT_SERVING_LIMITS.sendWindowMs), description: "The window over which --send-min-bytes-per-s is measured",
    rule: msRule(1000), parse: ms(1000) }),
  define({ key: "maxPinnedSuperseded", flag: "max-pinned-superseded", kind: "string", group: "Server",
    default: DEFAULT_SERVING_LIMITS.maxPinnedSuperseded, defaultText: String(DEFAULT_SERVING_LIMITS.maxPinnedSuperseded),
    description: "Superseded states that downloads in progress may keep at once; past it a pinned client gets the served state, a /{slot} request 503",
    rule: "an integer 0..1024", parse: (raw) => integer(raw, 0, 1024) }),
  define({ key: "pollIntervalMs", flag: "poll-interval-ms", kind: "string", group: "Polling", default: 4000, defaultText: "4000 (beacon: 12000)",
    description: "Time between the starts of two polling rounds", rule: msRule(100), parse: ms(100) }),
  define({ key: "timeoutMs", flag: "timeout-ms", kind: "string", group: "Polling", default: 5000, defaultText: "5000 (beacon: 10000)",
    description: "Budget of one poll of one upstream (connect to last byte)",
    rule: `${msRule(100)}, less than --stale-after-ms`, parse: ms(100) }),
  define({ key: "firstContactMs", flag: "first-contact-ms", kind: "string", group: "Polling", default: 500, defaultText: "500 (beacon: --timeout-ms)",
    description: "Budget of an upstream's first poll, so dead upstreams are found in the first rounds without holding slots a whole --timeout-ms (0 = the full budget)",
    rule: "0 or an integer 100..2147483647 (milliseconds); above --timeout-ms it is --timeout-ms", parse: (raw) => zeroOr(integer(raw, 0, MAX_TIMER_MS), 100) }),
  define({ key: "staleAfterMs", flag: "stale-after-ms", kind: "string", group: "Polling", default: 30000, defaultText: "30000 (beacon: 60000)",
    description: "An upstream or the served state older than this is reported stale",
    rule: `${msRule(100)}, greater than --poll-interval-ms`, parse: ms(100) }),
  define({ key: "maxStateBytes", flag: "max-state-bytes", kind: "string", group: "Polling", default: 64 * 2 ** 20, defaultText: "64MiB (beacon: 512MiB)",
    description: "Size cap of one state body; bigger answers fail as too_large",
    rule: `a byte count 1024..${formatBytes(MAX_STATE_BYTES_LIMIT)} (suffixes KiB MiB GiB kB MB GB)`,
    parse: (raw) => byteCount(raw, 1024, MAX_STATE_BYTES_LIMIT) }),
  define({ key: "maxInflightBytes", flag: "max-inflight-bytes", kind: "string", group: "Polling", default: 128 * 2 ** 20, defaultText: "128MiB, at least 2x --max-state-bytes",
    description: "Body bytes all poll workers together may hold at once; past it a poll only hashes what it downloads",
    rule: `a byte count 1024..${formatBytes(MAX_STATE_BYTES_LIMIT)}, at least --max-state-bytes`,
    parse: (raw) => byteCount(raw, 1024, MAX_STATE_BYTES_LIMIT) }),
  define({ key: "pollConcurrency", flag: "poll-concurrency", kind: "string", group: "Polling", default: DEFAULT_POLL_CONCURRENCY,
    defaultText: String(DEFAULT_POLL_CONCURRENCY), description: "Polls in flight at once",
    rule: `an integer >= 0 (0 = default ${DEFAULT_POLL_CONCURRENCY}; over ${MAX_POLL_CONCURRENCY} is clamped to ${MAX_POLL_CONCURRENCY})`,
    parse: (raw, ctx) => {
      const n = integer(raw, 0, Number.MAX_SAFE_INTEGER);
      if (n === 0) return DEFAULT_POLL_CONCURRENCY;
      if (n <= MAX_POLL_CONCURRENCY) return n;
      ctx.warn(`${ctx.source}=${n} is over ${MAX_POLL_CONCURRENCY}: clamped to ${MAX_POLL_CONCURRENCY}`);
      return MAX_POLL_CONCURRENCY;
    } }),
  define({ key: "workers", flag: "workers", kind: "string", group: "Polling", default: defaultWorkers(), defaultText: "available cores",
    description: "OS threads in the poll worker pool", rule: `an integer 1..${MAX_WORKERS}`,
    parse: (raw) => integer(raw, 1, MAX_WORKERS) }),
  define({ key: "quorum", flag: "quorum", kind: "string", group: "Quorum", default: 0.5, defaultText: "0.5",
    description: "Share of the upstreams (see --quorum-of) a finalized checkpoint needs (more than this)",
    rule: "a number >= 0 and < 1",
    parse: (raw) => {
      const q = decimal(raw);
      return q >= 0 && q < 1 ? q : invalid();
    } }),
  define({ key: "minAgree", flag: "min-agree", kind: "string", group: "Quorum", default: 1, defaultText: "1",
    description: "Least number of upstreams that must agree", rule: "an integer >= 1, at most the number of upstreams",
    parse: (raw) => integer(raw, 1, Number.MAX_SAFE_INTEGER) }),
  define({ key: "quorumOf", flag: "quorum-of", kind: "string", group: "Quorum", default: DEFAULT_QUORUM_OF, defaultText: DEFAULT_QUORUM_OF,
    description: "What --quorum is a share of: every configured upstream, or those that answered the round (leanpoint's rule)",
    rule: `one of ${QUORUM_BASES.join(" ")}`, parse: (raw) => oneOf(raw, QUORUM_BASES) }),
  define({ key: "allowFinalityReorg", flag: "allow-finality-reorg", kind: "boolean", group: "Quorum", default: false, defaultText: "false",
    description: "Serve a quorum's checkpoint even when it does not descend from the one served (a finality reorg: a safety failure of the network)",
    rule: "true or false (or 1 or 0)", parse: (raw) => boolean(raw) }),
  define({ key: "history", flag: "history", kind: "string", group: "Quorum", default: 8, defaultText: "8 (beacon: 3)",
    description: "Finalized states kept and served (each holds its state's bytes: hundreds of MB on beacon mainnet)", rule: "an integer 1..1024", parse: (raw) => integer(raw, 1, 1024) }),
  define({ key: "balance", flag: "balance", kind: "boolean", group: "Balancer", default: true, defaultText: "true",
    description: "Split and collapse lanes by load (--no-balance: one lane)", rule: "true or false (or 1 or 0)",
    parse: (raw) => boolean(raw) }),
  define({ key: "balanceWindow", flag: "balance-window", kind: "string", group: "Balancer", default: DEFAULT_BALANCE_WINDOW,
    defaultText: String(DEFAULT_BALANCE_WINDOW), description: "Rounds of load summed per lane before a decision",
    rule: "an integer 1..1024", parse: (raw) => integer(raw, 1, 1024) }),
  define({ key: "balanceThreshold", flag: "balance-threshold", kind: "string", group: "Balancer", default: DEFAULT_BALANCE_THRESHOLD,
    defaultText: String(DEFAULT_BALANCE_THRESHOLD),
    description: "A lane whose window load passes this fraction of the pool's slot time may be split", rule: "a number > 0 and <= 1",
    parse: (raw) => {
      const t = decimal(raw);
      return t > 0 && t <= 1 ? t : invalid();
    } }),
  define({ key: "maxLanes", flag: "max-lanes", kind: "string", group: "Balancer", default: null,
    defaultText: "half of --poll-concurrency, 2..8", description: "Most lanes at once",
    rule: "an integer >= 1, at most --poll-concurrency", parse: (raw) => integer(raw, 1, Number.MAX_SAFE_INTEGER) }),
  define({ key: "chain", flag: "chain", kind: "string", group: "General", default: "lean", defaultText: "lean",
    description: "The chain served: lean (Lean Ethereum nodes' /lean/v0 API) or beacon (beacon nodes' REST API, served as checkpointz does)",
    rule: "one of lean beacon", parse: (raw) => oneOf(raw, CHAINS) }),
  define({ key: "devnetValidators", flag: "devnet-validators", kind: "string", group: "Devnet", default: 64, defaultText: "64",
    description: "Validators of the simulated beacon chain (--chain beacon), up to mainnet size", rule: "an integer 1..4194304",
    parse: (raw) => integer(raw, 1, 4_194_304) }),
  define({ key: "devnetPreset", flag: "devnet-preset", kind: "string", group: "Devnet", default: "mainnet", defaultText: "mainnet",
    description: "SSZ preset of the simulated beacon chain (--chain beacon)", rule: "one of mainnet minimal",
    parse: (raw) => oneOf(raw, ["mainnet", "minimal"] as const) }),
  define({ key: "devnet", flag: "devnet", kind: "string", group: "Devnet", default: 0, defaultText: "0 (off)",
    description: "Embed this many simulated nodes (of --chain) as upstreams", rule: `an integer 0..${MAX_DEVNET_NODES} (0 = off)`,
    parse: (raw) => integer(raw, 0, MAX_DEVNET_NODES) }),
  define({ key: "devnetFaults", flag: "devnet-faults", kind: "string", group: "Devnet", default: null, defaultText: "none",
    description: "Faults of devnet nodes, behaviour[:count][@N],..., e.g. blackhole:2,slow:1@1500",
    rule: "a fault spec (src/devnet/fault-spec.ts); needs --devnet > 0",
    parse: (raw) => text(raw) }),
  define({ key: "slotMs", flag: "slot-ms", kind: "string", group: "Devnet", default: 4000, defaultText: "4000 (beacon: 1000)",
    description: "Slot time of the simulated chain", rule: msRule(100), parse: ms(100) }),
  define({ key: "stateMb", flag: "state-mb", kind: "string", group: "Devnet", default: 2, defaultText: "2",
    description: "Size of a simulated state in MiB", rule: "a number > 0 and <= 1024",
    parse: (raw) => {
      const mb = decimal(raw);
      return mb > 0 && mb <= 1024 ? mb : invalid();
    } }),
  define({ key: "logLevel", flag: "log-level", kind: "string", group: "General", default: "info", defaultText: "info",
    description: "Least level logged", rule: `one of ${LOG_LEVELS.join(" ")}`, parse: (raw) => oneOf(raw, LOG_LEVELS) }),
  define({ key: "config", flag: "config", kind: "string", group: "General", default: null, defaultText: "none", inFile: false,
    description: "JSON file of settings; keys are the flag names in camelCase", rule: "a path to a readable JSON object file",
    parse: (raw) => text(raw) }),
];

/** `poll-concurrency` -> `QUORUMPOINT_POLL_CONCURRENCY`. */
export function envName(s: Setting<SettingKey> | AnySetting): string {
  return `QUORUMPOINT_${s.flag.toUpperCase().replace(/-/g, "_")}`;
}

export function settingByKey<K extends SettingKey>(key: K): Setting<K> {
  return SETTINGS.find((s) => s.key === key) as unknown as Setting<K>;
}
