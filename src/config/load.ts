/**
 * Resolving `ServeConfig`: precedence flag > environment > config file > default, each
 * value judged by its setting's own rule, then the rules that tie settings together.
 * Throws `ConfigError` (or a `CONFIG_*` QuorumpointError) with the one line to print.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defaultMaxLanes } from "../balance/config.js";
import { assignFaults, parseFaultSpec } from "../devnet/fault-spec.js";
import { ConfigError, QuorumpointError } from "../model/errors.js";
import { flagLayer } from "./flags.js";
import { SETTINGS, settingByKey } from "./settings.js";
import type { SettingKey, SettingValues } from "./settings.js";
import { envLayer, fileLayer, judge, optionsLayer } from "./sources.js";
import type { Layer, RawValue, ReadFile } from "./sources.js";
import type { LoadedConfig, ServeConfig, ServeOptions, UpstreamConfig } from "./types.js";
import { BEACON_DEVNET_SLOT_MS, BEACON_HISTORY, BEACON_MAX_STATE_BYTES, BEACON_TIMING } from "./types.js";
import { addUpstreams, parseUpstreamsFile } from "./upstreams.js";
import { RuleViolation, formatBytes } from "./values.js";

export const NO_UPSTREAMS_MESSAGE = "no upstreams: give --upstream, --upstreams-config or --devnet";

const readUtf8: ReadFile = (file) => readFileSync(file, "utf8");

/**
 * The settings of `quorumpoint serve` from its arguments (after the program name; a
 * leading `serve` is allowed), the environment and the --config file.
 */
export function loadConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
  readFile: ReadFile = readUtf8,
): LoadedConfig {
  const warnings: string[] = [];
  const layers: Layer[] = [flagLayer(argv), envLayer(env)];
  const configRaw = layers[0].config ?? layers[1].config;
  if (configRaw !== undefined) {
    const file = judge(settingByKey("config"), configRaw, warnings) as string;
    layers.push(fileLayer(file, configRaw.source, readFile));
  }
  return resolveLayers(layers, readFile, warnings);
}

/** The same rules for settings given by code (tests, embedding): options over defaults. */
export function resolveConfig(options: ServeOptions, readFile: ReadFile = readUtf8): LoadedConfig {
  return resolveLayers([optionsLayer(options)], readFile, []);
}

function resolveLayers(layers: readonly Layer[], readFile: ReadFile, warnings: string[]): LoadedConfig {
  const v = {} as SettingValues;
  const given = {} as Record<SettingKey, RawValue | undefined>;
  for (const s of SETTINGS) {
    const raw = layers.find((l) => l[s.key] !== undefined)?.[s.key];
    given[s.key] = raw;
    (v as Record<SettingKey, unknown>)[s.key] = raw === undefined ? s.default : judge(s, raw, warnings);
  }

  /** Runs `check`; a RuleViolation names `key`'s source (its flag when defaulted). */
  const about = <T>(key: SettingKey, check: () => T): T => {
    try {
      return check();
    } catch (e) {
      if (!(e instanceof RuleViolation)) throw e;
      const shown = e.value ?? given[key]?.raw ?? v[key];
      throw new ConfigError(given[key]?.source ?? `--${settingByKey(key).flag}`, shown, e.rule ?? settingByKey(key).rule);
    }
  };
  const fail = (key: SettingKey, rule: string): never => about(key, () => { throw new RuleViolation(rule); });

  // A beacon state takes longer to download than a lean one, and finality moves once an epoch.
  if (v.chain === "beacon") for (const [key, ms] of Object.entries(BEACON_TIMING)) if (given[key as SettingKey] === undefined) (v as Record<string, unknown>)[key] = ms;
  // Timeouts, inner shorter than outer: a poll must end before its
  // upstream would count as stale, and staleness needs more than one round to show.
  if (v.staleAfterMs <= v.pollIntervalMs) fail("staleAfterMs", `greater than --poll-interval-ms (${v.pollIntervalMs})`);
  if (v.timeoutMs >= v.staleAfterMs) fail("timeoutMs", `less than --stale-after-ms (${v.staleAfterMs})`);
  // Per-chain defaults of what was not given: a mainnet beacon state is hundreds of MB.
  if (v.chain === "beacon" && given.maxStateBytes === undefined) v.maxStateBytes = BEACON_MAX_STATE_BYTES;
  if (v.chain === "beacon" && given.slotMs === undefined) v.slotMs = BEACON_DEVNET_SLOT_MS;
  if (v.chain === "beacon" && given.history === undefined) v.history = BEACON_HISTORY;
  // A state the budget cannot hold could never be verified: unless given, the budget follows the cap.
  if (given.maxInflightBytes === undefined) v.maxInflightBytes = Math.max(v.maxInflightBytes, 2 * v.maxStateBytes);
  if (v.maxInflightBytes < v.maxStateBytes) fail("maxInflightBytes", `at least --max-state-bytes (${formatBytes(v.maxStateBytes)})`);

  // Every lane needs at least one poll slot.
  const maxLanes = v.maxLanes ?? defaultMaxLanes(v.pollConcurrency);
  if (maxLanes > v.pollConcurrency) fail("maxLanes", `an integer >= 1, at most --poll-concurrency (${v.pollConcurrency})`);

  const upstreams: UpstreamConfig[] = [...v.upstream];
  if (v.upstreamsConfig !== null) {
    const file = v.upstreamsConfig;
    const text = about("upstreamsConfig", () => {
      try {
        return readFile(file);
      } catch (e) {
        throw new RuleViolation(`a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    });
    about("upstreamsConfig", () => addUpstreams(upstreams, parseUpstreamsFile(text)));
  }
  if (upstreams.length === 0 && v.devnet === 0) throw new QuorumpointError("CONFIG_NO_UPSTREAMS", NO_UPSTREAMS_MESSAGE);

  const nodes = upstreams.length + v.devnet;
  if (v.minAgree > nodes) fail("minAgree", `an integer >= 1, at most the number of upstreams (${nodes})`);

  if (v.devnetFaults !== null) {
    const spec = v.devnetFaults;
    if (v.devnet === 0) fail("devnetFaults", "needs --devnet > 0");
    // The devnet owns the grammar; its ConfigError already names the setting and the rule.
    const setting = given.devnetFaults?.source ?? "--devnet-faults";
    assignFaults(parseFaultSpec(spec, setting, v.chain), v.devnet, setting, spec);
  }

  if (v.devnet > 0 && v.chain === "lean" && v.stateMb * 2 ** 20 > v.maxStateBytes) {
    const cap = formatBytes(v.maxStateBytes);
    warnings.push(`--state-mb=${v.stateMb} is over --max-state-bytes=${cap}: every devnet state will fail as too_large`);
  }
  if (given.workers !== undefined && v.workers > availableParallelism()) {
    const cores = availableParallelism();
    warnings.push(`${given.workers.source}=${v.workers} is more than the ${cores} available cores: each extra worker costs ~30 MB for little or no speed (bench/results/report.md)`);
  }

  const config: ServeConfig = {
    upstreams,
    upstreamsConfig: v.upstreamsConfig,
    configFile: v.config,
    bind: v.bind,
    port: v.port,
    pollIntervalMs: v.pollIntervalMs,
    timeoutMs: v.timeoutMs,
    // A beacon node's first poll reads its network and loads the chain's SSZ types on a cold worker: a short contact would fail healthy nodes.
    firstContactMs: v.firstContactMs === 0 || (v.chain === "beacon" && given.firstContactMs === undefined) ? v.timeoutMs : Math.min(v.firstContactMs, v.timeoutMs),
    staleAfterMs: v.staleAfterMs,
    maxStateBytes: v.maxStateBytes,
    maxInflightBytes: v.maxInflightBytes,
    pairWindowMs: v.pairWindowMs,
    maxConnections: v.maxConnections,
    maxConnectionsPerAddress: v.maxConnectionsPerAddress,
    sendMinBytesPerS: v.sendMinBytesPerS,
    sendWindowMs: v.sendWindowMs,
    maxPinnedSuperseded: v.maxPinnedSuperseded,
    logLevel: v.logLevel,
    pollConcurrency: v.pollConcurrency,
    workers: v.workers,
    quorum: v.quorum,
    minAgree: v.minAgree,
    quorumOf: v.quorumOf,
    allowFinalityReorg: v.allowFinalityReorg,
    history: v.history,
    balance: v.balance,
    balanceWindow: v.balanceWindow,
    balanceThreshold: v.balanceThreshold,
    maxLanes,
    devnet: v.devnet,
    devnetFaults: v.devnetFaults,
    chain: v.chain,
    devnetValidators: v.devnetValidators,
    devnetPreset: v.devnetPreset,
    slotMs: v.slotMs,
    stateMb: v.stateMb,
  };
  return { config, warnings };
}
