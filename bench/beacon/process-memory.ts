/** What a measuring child process reads its state with, and how it measures its own peak RSS. */
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";

/**
 * The peak RSS of this process image. Not getrusage's maxrss: Linux carries it over from
 * the parent across fork and exec, so a child of a bench holding a large state would start
 * at the parent's peak. /proc's VmHWM belongs to this image, and writing 5 to clear_refs
 * resets it to the current RSS (resetPeak), so the peak measured is the runs' own.
 */
export function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux: below
  }
  return process.resourceUsage().maxRSS * 1024;
}

export function resetPeak(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // not Linux, or not allowed: the peak then includes the read
  }
}

/** The file's bytes (in a SharedArrayBuffer when `shared`), read in place into one buffer of its size: the read itself never holds a second copy, so the peak after it is the method's. */
export function readState(path: string, shared = false): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    for (let at = 0; at < out.length; ) at += readSync(fd, out, at, Math.min(1 << 24, out.length - at), at);
    return out;
  } finally {
    closeSync(fd);
  }
}
