/**
 * HTTP caching helpers for the state routes: the ETag is the state root (a strong
 * validator: one state root is one SSZ value, hence one byte sequence), and a 304 answers
 * a matching `If-None-Match`.
 */

export function etagOf(stateRoot: string): string {
  return `"${stateRoot}"`;
}

/**
 * RFC 9110 section 13.1.2: `*`, or a comma-separated list of entity tags compared weakly
 * (a `W/` prefix is ignored). The header is bounded by the HTTP parser's header size
 * limit, so this is bounded work.
 */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text.trim() === "*") return true;
  for (const raw of text.split(",")) {
    let tag = raw.trim();
    if (tag.startsWith("W/")) tag = tag.slice(2);
    if (tag === etag) return true;
  }
  return false;
}

/** Shared caches and clients may keep an answer this long (seconds, at least 0). */
export function cacheControl(maxAgeS: number): string {
  const s = Math.max(0, Math.floor(maxAgeS));
  return `public, max-age=${s}, s-maxage=${s}`;
}

/** A round may bring a state: ask clients to come back after about one poll interval (seconds, at least 1). */
export function retryAfterS(pollIntervalMs: number): number {
  return Math.max(1, Math.ceil(pollIntervalMs / 1000));
}
