/**
 * Free the bytes of dropped states now, not rounds later: one full GC of the main thread.
 *
 * Why: a verified state's bytes are transferred to the main thread, which holds them until
 * the store drops them. A dropped body is garbage in the main isolate's old generation, and
 * the main thread allocates little, so V8 collects it late: it counts the body as external
 * memory and waits for ~64 MB of it. Measured in `npm run bench` (quorumpoint, 64 x 16 MB,
 * 15 change rounds, the runner's `process.memoryUsage().external` after each round): the main
 * thread carried 2, 3, 4, 5 bodies, then 2 again after V8's own collection, so up to three
 * dropped 16 MB states beside the two kept; the process's RSS went up and down with them (up
 * to 299 MB over 25 rounds). A thread that allocates a lot (naive's, which also receives
 * every socket chunk) collects often and never carries them long.
 *
 * How: V8's `gc()` with no argument, a full collection that frees dead ArrayBuffers' memory
 * before it returns. On Node 20, `gc({ type: "major" })` took 0.4 ms and freed none of them
 * (measured); hence no argument. It pauses the main thread (16-26 ms on the bench's, 25-60
 * ms in a daemon serving its embedded devnet of 16 MB states: README), so the daemon runs
 * it after a round, never inside one, and only when a round dropped bytes: once per
 * finality change.
 */
import { isolateGc } from "../poll/reclaim.js";

/** A function that frees dropped state bytes at once, or does nothing should gc be unavailable. */
export function bytesReleaser(): () => void {
  const gc = isolateGc();
  return gc ? () => gc() : () => {};
}
