/** A configured upstream lean node. */
export interface Upstream {
  /** Stable, unique; used as a metrics label. */
  name: string;
  /** Base URL without a trailing slash or userinfo, e.g. http://127.0.0.1:5052 */
  url: string;
  /** Accepted from the leanpoint upstreams file for compatibility; quorumpoint uses the lean API paths. */
  path?: string;
  /**
   * Sent with every request to this upstream: the file's `headers` and, for a URL with
   * userinfo, `authorization: Basic ...` (src/config/upstreams.ts). Secret: never shown,
   * only their names (`headerNames`). Absent when there are none.
   */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Userinfo of any URL in `text` (`scheme://user:password@`) up to the last `@` of its
 * authority. Quotes and brackets end the authority so a URL inside JSON or a message
 * does not swallow its neighbours.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>\\]*@/gi;

/**
 * What may be shown of an upstream URL, or of any text that embeds one (an error message, a
 * config entry): userinfo replaced by `***`. The one redaction of URLs: every output that can
 * carry an upstream URL (API views, logs, worker error messages, config errors) goes through it.
 */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, "$1***@");
}

/** What may be shown of an upstream's headers: their names, never their values. */
export function headerNames(headers: Readonly<Record<string, string>> | undefined): string[] {
  return headers ? Object.keys(headers) : [];
}
