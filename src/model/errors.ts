/**
 * Errors and the stable code tables.
 *
 * Two kinds of failure, kept apart on purpose:
 * - an upstream's fault is data: a short stable `UpstreamErrorCode` in that upstream's
 *   status (`timeout`, `refused`, `http_503`, ...), never a throw;
 * - a bug or a bad setting throws a `QuorumpointError` with a SCREAMING_SNAKE code.
 *
 * Class identity does not survive `postMessage`, so errors cross threads as plain objects
 * (`toJSON` / `fromObject`).
 */

/** Fixed upstream error codes. HTTP statuses are `http_<status>` (see `httpErrorCode`). */
export const UPSTREAM_ERROR_CODES = [
  "timeout", // the per-poll budget, an undici phase, or the round deadline (abandoned) ran out
  "refused", // connection refused / reset before a response
  "unreachable", // DNS or routing failure
  "too_large", // body over --max-state-bytes
  "bad_content_type", // JSON or HTML where SSZ was asked for
  "bad_ssz", // bytes that do not decode as a State (truncated, corrupted)
  "wrong_root", // bytes that do not hash to what the upstream itself claims
  "protocol", // any other malformed HTTP exchange
  "internal", // a bug on our side while handling this poll (logged)
  "bad_block", // a finalized block that is not a SignedBlock (served as SSZ but unreadable, or too large)
  "no_budget", // the state had to be kept to be verified, but --max-inflight-bytes was spent by other polls
  "wrong_network", // beacon chain: another genesis, fork schedule or preset than the upstreams agree on
  "not_polled", // not an upstream fault: the round ended before a slot came free for it (the status keeps its last verdict)
] as const;
export type FixedUpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];
export type UpstreamErrorCode = FixedUpstreamErrorCode | `http_${number}`;

export function httpErrorCode(status: number): UpstreamErrorCode {
  return `http_${status}`;
}

/**
 * Integer form of an upstream error code, for the shared-memory slot record.
 * 0 = no error; 1..99 = index+1 into UPSTREAM_ERROR_CODES; 1000+N = http_N.
 */
export function upstreamErrorToInt(code: UpstreamErrorCode | null): number {
  if (code === null) return 0;
  if (code.startsWith("http_")) return 1000 + Number(code.slice(5));
  const i = UPSTREAM_ERROR_CODES.indexOf(code as FixedUpstreamErrorCode);
  if (i < 0) throw new QuorumpointError("INTERNAL_UNKNOWN_CODE", `unknown upstream error code ${code}`);
  return i + 1;
}

export function upstreamErrorFromInt(n: number): UpstreamErrorCode | null {
  if (n === 0) return null;
  if (n >= 1000) return httpErrorCode(n - 1000);
  const code = UPSTREAM_ERROR_CODES[n - 1];
  if (code === undefined) throw new QuorumpointError("INTERNAL_UNKNOWN_CODE", `unknown upstream error int ${n}`);
  return code;
}

export type QuorumpointErrorCode =
  | `CONFIG_${string}`
  | `SSZ_${string}`
  | `VERIFY_${string}`
  | `POOL_${string}`
  | `DEVNET_${string}`
  | `INTERNAL_${string}`;

export interface QuorumpointErrorObject {
  name: "QuorumpointError";
  code: QuorumpointErrorCode;
  message: string;
  detail: Record<string, unknown>;
}

export class QuorumpointError extends Error {
  readonly code: QuorumpointErrorCode;
  readonly detail: Record<string, unknown>;

  constructor(code: QuorumpointErrorCode, message: string, detail: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "QuorumpointError";
    this.code = code;
    this.detail = detail;
  }

  toJSON(): QuorumpointErrorObject {
    return { name: "QuorumpointError", code: this.code, message: this.message, detail: this.detail };
  }

  static fromObject(o: QuorumpointErrorObject): QuorumpointError {
    return new QuorumpointError(o.code, o.message, o.detail);
  }
}

/** A bad setting: the one line start-up prints before exiting with code 2. */
export class ConfigError extends QuorumpointError {
  constructor(setting: string, value: unknown, rule: string) {
    super(`CONFIG_INVALID`, `invalid setting ${setting}=${JSON.stringify(value)}: ${rule}`, { setting, value, rule });
  }
}
