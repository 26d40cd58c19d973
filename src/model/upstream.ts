/** A configured upstream lean node. */
export interface Upstream {
  /** Stable, unique; used as a metrics label. */
  name: string;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:5052 */
  url: string;
  /** Accepted from the leanpoint upstreams file for compatibility; quorumpoint uses the lean API paths. */
  path?: string;
}
