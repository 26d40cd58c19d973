export { loadConfig, resolveConfig, NO_UPSTREAMS_MESSAGE } from "./load.js";
export type { ReadFile } from "./sources.js";
export { serveYargsOptions, YARGS_PARSER_CONFIGURATION } from "./flags.js";
export { SETTINGS, envName, defaultWorkers, MAX_WORKERS, DEFAULT_POLL_CONCURRENCY, MAX_POLL_CONCURRENCY } from "./settings.js";
export type { Setting, SettingGroup } from "./settings.js";
export { createLogger } from "./logger.js";
export type { Logger, LoggerOptions } from "./logger.js";
export { LOG_LEVELS } from "./types.js";
export type { LoadedConfig, LogLevel, ServeConfig, ServeOptions, UpstreamConfig, UpstreamOption } from "./types.js";
