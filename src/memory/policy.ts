/**
 * quorumpoint's one memory policy: what each thread does about V8's garbage collector,
 * and why. Every piece here moved peak RSS or round times in `npm run bench` beyond its
 * run-to-run noise; what did not was removed. Design in docs/memory.md, the figures in
 * bench/results/2026-12-02-memory-policy.md.
 */
export const MEMORY_POLICY = {
  /**
   * node's command line (v8-gc.ts), read by V8 when an isolate starts, so for every thread.
   * --single-threaded-gc: small heaps collected often; GC helper threads would take the
   * poll workers' cores. --max-semi-space-size=1: the main thread's young generation stays
   * small (it only dispatches). --expose-gc: gives each thread's own `gc()`, for the two
   * collections below; node refuses it in a worker's execArgv, so it is given here, never
   * set at run time.
   */
  process: {
    nodeFlags: ["--single-threaded-gc", "--max-semi-space-size=1", "--expose-gc"] as const,
    /**
     * glibc's malloc, read when the process starts (so set in its environment: the bin's
     * shebang and `npm start`). Socket chunks are 64 KiB; below the mmap threshold glibc
     * keeps every freed one in its thread's arena, and the arenas of the poll workers hold
     * what the body budget gave back long after a collection freed it. From the mmap
     * threshold up, a chunk's pages go back to the kernel when it is freed.
     */
    allocatorEnv: { MALLOC_MMAP_THRESHOLD_: "65536" } as const,
  },
  /** Heap growth since a thread's last full collection that earns it another. */
  heapGrowthBytes: 4 * 2 ** 20,
  /**
   * Each poll worker receives ~1 GiB of 64 KiB socket chunks per change round, each its own
   * ArrayBuffer that V8 would free only tens of MB later, once per worker: a minor GC every
   * `reclaimEveryBytes` received frees them (reclaim.ts ChunkReclaimer). Its young
   * generation is capped (piscina resourceLimits, round/pool.ts): it never needs more.
   * Once idle `idleCollectAfterMs` (its round over), a full GC if its heap grew
   * `heapGrowthBytes` (reclaim.ts IdleCollector): a round's promoted garbage, which V8 keeps
   * until the next change round. The worker decides alone: no signal from the main thread.
   */
  pollWorker: {
    reclaimEveryBytes: 2 * 2 ** 20,
    /**
     * A kept body's chunks lived through minor GCs (they were held), so once given back
     * (dropped over the budget or the cap, or copied out for the main thread) they are
     * old-generation garbage that only a full GC frees: after this much given back at once,
     * one (the worker's heap is small: a few ms, on the worker's own thread).
     */
    collectAfterKeptBytes: 8 * 2 ** 20,
    youngGenerationMb: 3,
    idleCollectAfterMs: 100,
  },
  /**
   * The main thread (HTTP included) holds verified state bodies; a dropped one is garbage V8
   * collects late because the main thread allocates little. One full collection between
   * rounds, once `reclaimAfterBytes` were dropped or its heap grew `heapGrowthBytes` (a
   * round's promoted garbage; reclaim.ts DroppedBytes). It pauses the HTTP thread, so it
   * stops for good once `slowReclaimsAllowed` of them paused past the event-loop goal
   * `pauseGoalMs` (p99 < 20 ms): then V8 frees them at its own pace.
   */
  mainThread: {
    reclaimAfterBytes: 8 * 2 ** 20,
    pauseGoalMs: 20,
    slowReclaimsAllowed: 3,
  },
} as const;
