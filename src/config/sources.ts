/**
 * Where raw values come from, below the flags: the environment and the JSON config file.
 * Each source yields a `Layer` of raw values tagged with the name a message should use;
 * `judge` parses one raw value the same way whatever its source.
 */
import path from "node:path";
import { ConfigError } from "../model/errors.js";
import { SETTINGS, envName } from "./settings.js";
import type { AnySetting, Setting, SettingKey, SettingValues } from "./settings.js";
import { RuleViolation } from "./values.js";

/** One raw value and the name of its source: `--port`, `QUORUMPOINT_PORT`, `cfg.json:port`. */
export interface RawValue {
  raw: unknown;
  source: string;
}
export type Layer = { [K in SettingKey]?: RawValue };

/** Reads a whole text file (tests pass a fake). */
export type ReadFile = (file: string) => string;

/** Parses one raw value; a broken rule becomes the one-line `ConfigError`. */
export function judge<K extends SettingKey>(s: Setting<K>, v: RawValue, warnings: string[]): SettingValues[K] {
  try {
    return s.parse(v.raw, { source: v.source, warn: (m) => warnings.push(m) });
  } catch (e) {
    if (e instanceof RuleViolation) throw new ConfigError(v.source, e.value ?? v.raw, e.rule ?? s.rule);
    throw e;
  }
}

/** `QUORUMPOINT_<FLAG>` variables; an empty variable counts as unset. */
export function envLayer(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = {};
  for (const s of SETTINGS) {
    const name = envName(s);
    const value = env[name];
    if (value !== undefined && value.trim() !== "") set(layer, s, { raw: value, source: name });
  }
  return layer;
}

/**
 * The JSON config file: an object whose keys are the flag names in camelCase (or kebab
 * case). Unknown keys are rejected together in one line. A relative `upstreamsConfig`
 * is resolved against the config file's folder, so a config and its upstreams travel together.
 */
export function fileLayer(file: string, source: string, readFile: ReadFile): Layer {
  let doc: unknown;
  try {
    doc = JSON.parse(readFile(file));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(source, file, `a readable JSON file (${reason})`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ConfigError(source, file, "a JSON object of settings");
  }

  const layer: Layer = {};
  const unknown: string[] = [];
  const base = path.basename(file);
  for (const [key, value] of Object.entries(doc)) {
    const s = SETTINGS.find((x) => (x.key === key || x.flag === key) && x.inFile !== false);
    if (s === undefined) {
      unknown.push(key);
      continue;
    }
    if (layer[s.key] !== undefined) throw new ConfigError(source, file, `each setting once (${s.key} given twice)`);
    let raw = value;
    if (s.key === "upstreamsConfig" && typeof raw === "string" && raw.trim() !== "" && !path.isAbsolute(raw.trim())) {
      raw = path.resolve(path.dirname(file), raw.trim());
    }
    set(layer, s, { raw, source: `${base}:${key}` });
  }
  if (unknown.length > 0) {
    const names = unknown.map((k) => JSON.stringify(k)).join(", ");
    const rule = `unknown key${unknown.length > 1 ? "s" : ""} ${names} (keys are flag names in camelCase, e.g. pollConcurrency)`;
    throw new ConfigError(source, file, rule);
  }
  return layer;
}

/** Settings given by code (`resolveConfig`), named `options.<key>` in messages. */
export function optionsLayer(options: object): Layer {
  const layer: Layer = {};
  for (const [key, value] of Object.entries(options)) {
    const s = SETTINGS.find((x) => x.key === key && x.inFile !== false);
    if (s === undefined) throw new ConfigError(`options.${key}`, value, "a known setting (see ServeOptions)");
    if (value !== undefined) set(layer, s, { raw: value, source: `options.${key}` });
  }
  return layer;
}

function set(layer: Layer, s: AnySetting, v: RawValue): void {
  (layer as Record<SettingKey, RawValue>)[s.key] = v;
}
