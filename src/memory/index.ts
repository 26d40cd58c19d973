/** Public names of memory/: the V8 flags the daemon runs with and the upkeep between rounds. */
export { DAEMON_NODE_FLAGS, MAIN_SEMI_SPACE, SINGLE_THREADED_GC, gcMode, gcWarning, missingDaemonFlags, semiSpaceMb } from "./v8-gc.js";
export type { GcMode } from "./v8-gc.js";
export { DroppedBytes, RELEASE_AFTER_BYTES, bytesReleaser } from "./dropped-bytes.js";
export { HeapUpkeep, HEAP_UPKEEP_GROWTH_BYTES } from "./heap-upkeep.js";
