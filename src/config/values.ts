/**
 * Value readers shared by every setting. Each takes the raw value as any source gives it
 * (a flag or environment string, a JSON number/boolean/string) and returns the typed value
 * or throws `RuleViolation`; the loader turns that into a `ConfigError` naming the source
 * (`--port`, `QUORUMPOINT_PORT`, `cfg.json:port`). So a value is judged the same way
 * wherever it comes from.
 */
import { isIP } from "node:net";

/**
 * A value broke its setting's rule. `rule` replaces the setting's rule text and `value`
 * the whole raw value in the message (e.g. the one bad entry of a list), when given.
 */
export class RuleViolation extends Error {
  constructor(
    readonly rule?: string,
    readonly value?: unknown,
  ) {
    super(rule ?? "rule violated");
    this.name = "RuleViolation";
  }
}

export function invalid(rule?: string, value?: unknown): never {
  throw new RuleViolation(rule, value);
}

/** Node's timers overflow above this (setTimeout fires at once): the cap of every *-ms setting. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** An integer in [min, max]: a JSON integer or its decimal text ("0x10", "1e3", "" rejected). */
export function integer(raw: unknown, min: number, max: number): number {
  let n: number;
  if (typeof raw === "number") n = raw;
  else if (typeof raw === "string" && INTEGER_TEXT.test(raw.trim())) n = Number(raw.trim());
  else return invalid();
  if (!Number.isSafeInteger(n) || n < min || n > max) invalid();
  return n;
}

/** A finite decimal number ("0.5", ".5", 0.5). Range checks are the caller's. */
export function decimal(raw: unknown): number {
  let n: number;
  if (typeof raw === "number") n = raw;
  else if (typeof raw === "string" && DECIMAL_TEXT.test(raw.trim())) n = Number(raw.trim());
  else return invalid();
  if (!Number.isFinite(n)) invalid();
  return n;
}

/** true/false, or the environment spellings "true"/"false"/"1"/"0". */
export function boolean(raw: unknown): boolean {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string") {
    const s = raw.trim().toLowerCase();
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
  }
  return invalid();
}

/** A non-empty string (surrounding blanks removed). */
export function text(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") invalid();
  return raw.trim();
}

export function oneOf<T extends string>(raw: unknown, values: readonly T[]): T {
  const s = text(raw).toLowerCase();
  if (!(values as readonly string[]).includes(s)) invalid();
  return s as T;
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IPv4/IPv6 address or a DNS host name. */
export function hostOrIp(raw: unknown): string {
  const s = text(raw);
  if (isIP(s) === 0 && !HOST_NAME.test(s)) invalid();
  return s;
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
};

/** A byte count: an integer, or a number with a unit ("64MiB", "1.5 GiB", "500kB"). */
export function byteCount(raw: unknown, min: number, max: number): number {
  if (typeof raw === "number") return integer(raw, min, max);
  const m = typeof raw === "string" ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw) : null;
  if (m === null) return invalid();
  const unit = BYTE_UNITS[m[2].toLowerCase() || "b"];
  if (unit === undefined) return invalid();
  const n = Number(m[1]) * unit;
  if (!Number.isInteger(n) || n < min || n > max) invalid();
  return n;
}

/** 67108864 -> "64MiB", for defaults and rule texts. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [["GiB", 2 ** 30], ["MiB", 2 ** 20], ["KiB", 2 ** 10]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}
