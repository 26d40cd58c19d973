/** Public names of memory/: the one policy, the V8 flags the daemon runs with, and the collections it runs. */
export { MEMORY_POLICY } from "./policy.js";
export { DAEMON_ENV, DAEMON_NODE_FLAGS, EXPOSE_GC, MAIN_SEMI_SPACE, SINGLE_THREADED_GC, gcExposed, gcMode, gcWarning, missingDaemonFlags, semiSpaceMb } from "./v8-gc.js";
export type { GcMode } from "./v8-gc.js";
export { ChunkReclaimer, DroppedBytes, HEAP_GROWTH_BYTES, IdleCollector, RECLAIM_AFTER_BYTES, RECLAIM_EVERY_BYTES, isolateGc, pollReclaimer, usedHeapBytes } from "./reclaim.js";
export type { Reclaimed } from "./reclaim.js";
