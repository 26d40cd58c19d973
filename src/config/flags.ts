/**
 * Command-line flags, derived from the settings table: the yargs options (for `serve`'s
 * --help and strict checking in the CLI) and the flag layer of `loadConfig`.
 *
 * yargs only recognizes flags and reads them as strings; it never applies a default or
 * coerces a number (that would break precedence, and NaN hides a typo). Every value goes
 * through the same `parse` as the environment and the config file.
 */
import yargs from "yargs";
import type { Options } from "yargs";
import { QuorumpointError } from "../model/errors.js";
import { SETTINGS, envName } from "./settings.js";
import type { SettingKey } from "./settings.js";
import { judge } from "./sources.js";
import type { Layer } from "./sources.js";

/** yargs options for `quorumpoint serve`, grouped as in the table. */
export function serveYargsOptions(): Record<string, Options> {
  const options: Record<string, Options> = {};
  for (const s of SETTINGS) {
    options[s.flag] = {
      type: s.kind === "boolean" ? "boolean" : "string",
      array: s.kind === "list" ? true : undefined,
      requiresArg: s.kind !== "boolean",
      group: `${s.group}:`,
      // The default sits in the text: yargs's own "[default: x]" would apply it (breaking
      // precedence), and the CLI hides yargs's type/default column (all values read as strings).
      describe: `${s.description} (default: ${s.defaultText}). Rule: ${s.rule}. Env: ${envName(s)}`,
    };
  }
  return options;
}

/**
 * The parser settings both yargs instances share: `--upstream a b` is one upstream and a
 * stray `b`, not two (a flag given twice: see flagLayer); flags are kebab-case only, so an
 * unknown flag is reported once, as typed.
 */
export const YARGS_PARSER_CONFIGURATION = {
  "greedy-arrays": false,
  "camel-case-expansion": false,
} as const;

/** A usage error (unknown flag, missing value): the CLI prints it as one line and exits 2. */
function usageError(message: string): QuorumpointError {
  return new QuorumpointError("CONFIG_USAGE", `${message.replace(/\s*\n\s*/g, " ")} (see quorumpoint serve --help)`);
}

/**
 * The flag layer of `serve` arguments (without the program name; a leading `serve` is
 * allowed). A scalar flag given twice keeps the last value, as shells and scripts expect.
 */
export function flagLayer(argv: readonly string[]): Layer {
  checkBooleanValues(argv);
  const parsed = yargs([...argv])
    .help(false)
    .version(false)
    .exitProcess(false)
    .strictOptions()
    .parserConfiguration(YARGS_PARSER_CONFIGURATION)
    .options(serveYargsOptions())
    .fail((msg, err) => {
      throw err instanceof QuorumpointError ? err : usageError(msg ?? err?.message ?? "bad arguments");
    })
    .parseSync() as Record<string, unknown>;

  const positional = parsed._ as unknown[];
  const extra = positional.filter((p, i) => !(i === 0 && p === "serve"));
  if (extra.length > 0) throw usageError(`unexpected argument: ${extra.map(String).join(" ")}`);

  const layer: Layer = {};
  for (const s of SETTINGS) {
    let raw = parsed[s.flag];
    if (raw === undefined) continue;
    if (Array.isArray(raw) && s.kind !== "list") raw = raw[raw.length - 1];
    (layer as Record<SettingKey, unknown>)[s.key] = { raw, source: `--${s.flag}` };
  }
  return layer;
}

/** yargs reads `--balance=abc` as false; judge `--flag=value` of booleans like any value. */
function checkBooleanValues(argv: readonly string[]): void {
  for (const s of SETTINGS) {
    if (s.kind !== "boolean") continue;
    const prefix = `--${s.flag}=`;
    for (const arg of argv) {
      if (arg.startsWith(prefix)) judge(s, { raw: arg.slice(prefix.length), source: `--${s.flag}` }, []);
    }
  }
}
