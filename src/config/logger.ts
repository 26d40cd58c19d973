/**
 * The one root logger: pino, JSON lines by default, pretty
 * (pino-pretty) when stdout is a terminal. Modules take `logger.child({ component })`.
 *
 * Writes are synchronous on purpose: the daemon logs about one line a round at info, so
 * the cost is nil, and a fatal line written just before `process.exit` is never lost (an
 * async sonic-boom buffer or a transport thread would drop it). pino-pretty runs in this
 * thread for the same reason: no transport worker.
 */
import { pino } from "pino";
import type { DestinationStream, Logger } from "pino";
import pinoPretty from "pino-pretty";
import type { LogLevel } from "./types.js";

export type { Logger };

export interface LoggerOptions {
  /** Human-readable lines instead of JSON. Default: whether stdout is a TTY. */
  pretty?: boolean;
  /** Where lines go (tests). Default: stdout, written synchronously. */
  destination?: DestinationStream;
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  if (pretty) {
    const stream = pinoPretty({
      sync: true,
      destination: options.destination ?? 1,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    });
    return pino({ level }, stream);
  }
  return pino({ level }, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
