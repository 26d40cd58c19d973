/**
 * `quorumpoint serve`: its options (all from the settings table in src/config/settings.ts)
 * and the shell around the daemon: load the config, make the root logger, start the
 * daemon, close it on SIGINT/SIGTERM. Exit codes: 0 closed cleanly, 1 start-up or close
 * failed, 2 bad settings (one line on stderr, no stack).
 */
import type { Argv } from "yargs";
import { createLogger, loadConfig, serveYargsOptions } from "../config/index.js";
import { gcWarning } from "../memory/index.js";
import type { Logger, ServeConfig } from "../config/index.js";
import { QuorumpointError } from "../model/errors.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_CONFIG = 2;

export const SERVE_DESCRIPTION = "Poll the upstreams, agree on the finalized state by quorum and serve it";

const SETTINGS_EPILOGUE =
  "Every setting is also an environment variable QUORUMPOINT_<NAME> (QUORUMPOINT_POLL_CONCURRENCY) " +
  "and a key of the --config JSON file (pollConcurrency). Precedence: flag > environment > config file > default.";

/** What src/daemon/index.ts provides (injected, so tests can start the command without a daemon). */
export type StartDaemon = (config: ServeConfig, modules: { logger: Logger }) => Promise<{ close(): Promise<void> }>;

export interface ServeModules {
  /** Default: `startDaemon` of src/daemon/index.ts. Tests pass a fake. */
  startDaemon?: StartDaemon;
  /** Where the one-line errors go. Default: process.stderr. */
  stderr?: { write(text: string): unknown };
  /** Where SIGINT/SIGTERM come from. Default: process (tests pass an EventEmitter). */
  signals?: SignalSource;
}

type SignalSource = {
  on(signal: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
};

/** Declares serve's options on a yargs instance: --help text and strict checking. */
export function serveBuilder(y: Argv): Argv {
  return y.options(serveYargsOptions()).epilogue(SETTINGS_EPILOGUE);
}

export function isConfigError(e: unknown): e is QuorumpointError {
  return e instanceof QuorumpointError && e.code.startsWith("CONFIG_");
}

/** An error as one line: the message only, newlines folded. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * Runs serve until a signal closes it. `argv`: the arguments after the program name (a
 * leading `serve` is allowed). Resolves to the exit code.
 */
export async function runServeCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  modules: ServeModules = {},
): Promise<number> {
  const stderr = modules.stderr ?? process.stderr;
  let config: ServeConfig;
  let warnings: string[];
  try {
    ({ config, warnings } = loadConfig(argv, env));
  } catch (e) {
    if (!isConfigError(e)) throw e;
    stderr.write(`${oneLine(e)}\n`);
    return EXIT_BAD_CONFIG;
  }

  const logger = createLogger(config.logLevel);
  // The loader only collects warnings (e.g. a clamped --poll-concurrency); they are logged here,
  // with the one about how node itself was started (memory/v8-gc.ts).
  const gc = gcWarning();
  for (const w of gc ? [...warnings, gc] : warnings) logger.warn(w);

  let daemon: { close(): Promise<void> };
  try {
    // Loaded only now: a bad setting or --help never pays for the pool, fastify and the devnet.
    const start = modules.startDaemon ?? (await import("../daemon/index.js")).startDaemon;
    daemon = await start(config, { logger });
  } catch (e) {
    logger.debug({ err: e }, "start-up failed");
    stderr.write(`${oneLine(e)}\n`);
    return isConfigError(e) ? EXIT_BAD_CONFIG : EXIT_FAILURE;
  }
  return closeOnSignal(daemon, logger, modules.signals ?? process);
}

/** First SIGINT/SIGTERM: close() and resolve; a second one while closing: exit now. */
function closeOnSignal(daemon: { close(): Promise<void> }, logger: Logger, signals: SignalSource): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (closing) {
        logger.warn({ signal }, "second signal while closing: exiting now");
        process.exit(EXIT_FAILURE);
      }
      closing = true;
      logger.info({ signal }, "closing");
      const done = (code: number): void => {
        signals.off("SIGINT", onSignal);
        signals.off("SIGTERM", onSignal);
        resolve(code);
      };
      daemon.close().then(
        () => {
          logger.info("closed");
          done(EXIT_OK);
        },
        (e: unknown) => {
          logger.error({ err: e }, "close failed");
          done(EXIT_FAILURE);
        },
      );
    };
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);
  });
}
