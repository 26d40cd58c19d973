/** Little-endian uint64 fields of SSZ bytes, read as exact JavaScript numbers. */
import { QuorumpointError } from "./errors.js";

/** The uint64 at `at` as a number; past 2^53 it would be inexact, so it is an SSZ_UINT64_RANGE error. */
export function readUint64(view: DataView, at: number, what: string): number {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  if (hi > 0x1fffff) throw new QuorumpointError("SSZ_UINT64_RANGE", `${what} exceeds 2^53`, { offset: at });
  return hi * 2 ** 32 + lo;
}
