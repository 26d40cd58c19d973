/**
 * The state bytes of every configuration's main thread: the daemon's own StateBytes
 * (src/daemon/state-bytes.ts), so the bench keeps, forgets and reclaims bytes exactly as the
 * daemon does, and memory figures compare like with like. Only the number held is the
 * bench's: the served state and the one before it, what a change round replaces (the
 * daemon holds its --history of them).
 */
import { mainThreadStateBytes, type StateBytes } from "../../src/daemon/state-bytes.js";
import type { DigestCache } from "../../src/shm/digest-cache.js";

export const BENCH_KEPT_STATES = 2;

export function benchStateBytes(cache: Pick<DigestCache, "invalidate">): StateBytes {
  return mainThreadStateBytes(cache, BENCH_KEPT_STATES);
}
