#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=65536 node --single-threaded-gc --max-semi-space-size=1 --expose-gc
/**
 * The `quorumpoint` bin. Commands: `serve` (the default) and `devnet`; `--help`,
 * `--version`. Strict: an unknown flag or command is one line on stderr and exit code 2.
 * This file only routes; serve's settings live in src/config/, its run in serve-command.ts.
 *
 * The shebang starts node with the daemon's V8 flags (which and why: src/memory/policy.ts); V8 takes
 * them only on node's command line, so an installed `quorumpoint` gets them from here.
 */
import { readFileSync } from "node:fs";
import yargs from "yargs";
import type { Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { YARGS_PARSER_CONFIGURATION } from "../config/index.js";
import { EXIT_BAD_CONFIG, EXIT_FAILURE, SERVE_DESCRIPTION, oneLine, runServeCommand, serveBuilder } from "./serve-command.js";

/**
 * `devnet` pulls in the simulated chain and its worker host: load it only when the
 * arguments name it (a flag value spelled exactly "devnet" costs only the load time).
 */
async function importDevnetCommand(args: readonly string[]): Promise<typeof import("./devnet-command.js") | null> {
  return args.includes("devnet") ? import("./devnet-command.js") : null;
}

/** yargs hands kebab keys here (YARGS_PARSER_CONFIGURATION); devnet-command reads camelCase. */
function camelKeys(argv: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(argv).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

function packageVersion(): string {
  // dist/src/cli/main.js -> package.json at the repository root.
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function main(args: string[]): Promise<number> {
  const devnet = await importDevnetCommand(args);
  let code = 0;
  const cli = yargs(args)
    .scriptName("quorumpoint")
    .usage("$0 [serve] [options]\n\nCheckpoint-sync provider for Lean Ethereum.")
    .parserConfiguration(YARGS_PARSER_CONFIGURATION)
    .command(["serve", "$0"], SERVE_DESCRIPTION, (y: Argv) => withoutTypeLabels(serveBuilder(y)), async () => {
      code = await runServeCommand(args);
    })
    .command(
      "devnet",
      "Run simulated lean nodes on loopback (for tests and demos)",
      (y: Argv) => (devnet ? y.options(devnet.devnetOptions) : y),
      async (argv) => {
        const command = devnet ?? (await import("./devnet-command.js"));
        code = await command.runDevnetCommand(camelKeys(argv as Record<string, unknown>));
      },
    )
    .strict()
    .help()
    .alias("help", "h")
    .version(packageVersion())
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // Throw, or yargs goes on to run the command. Usage errors (msg set) are the
      // user's; errors thrown by a command handler arrive with msg null.
      throw msg ? new UsageError(msg) : err;
    });
  try {
    // Validation throws synchronously, a command handler rejects: await catches both.
    await cli.parseAsync();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${oneLine(e)} (see quorumpoint --help)\n`);
    code = EXIT_BAD_CONFIG;
  }
  return code;
}

class UsageError extends Error {}

/**
 * Every value is read as a string and judged by its setting, so "[string]" in --help would
 * mislead. yargs 18 has `usageConfiguration`; @types/yargs 17 does not know it yet.
 */
function withoutTypeLabels(y: Argv): Argv {
  return (y as Argv & { usageConfiguration(c: { "hide-types": boolean }): Argv }).usageConfiguration({ "hide-types": true });
}

/**
 * After serve has closed, something may still hold the event loop (a stray socket or
 * timer): exit anyway after this long rather than hang a service manager's stop.
 */
const EXIT_GRACE_MS = 5000;

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (e: unknown) => {
    process.stderr.write(`${oneLine(e)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
