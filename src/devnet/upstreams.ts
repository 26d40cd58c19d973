/**
 * The upstreams config file format (the Zig leanpoint's), so other tools can poll a devnet:
 * `{"upstreams":[{"name":"node-0","url":"http://127.0.0.1:5052","path":"/lean/v0/states/finalized"}]}`.
 */
import type { NodeInfo } from "./host.js";
import { PATHS } from "./lean-routes.js";

export interface UpstreamEntry {
  name: string;
  /** Base URL of the node. */
  url: string;
  /** Path of the finalized state on that node. */
  path: string;
}

export interface UpstreamsFile {
  upstreams: UpstreamEntry[];
}

/** `path`: the finalized state's path on these nodes (default the lean API's). */
export function upstreamEntries(nodes: readonly NodeInfo[], path: string = PATHS.state): UpstreamEntry[] {
  return nodes.map((n) => ({ name: n.name, url: n.url, path }));
}

export function upstreamsFile(nodes: readonly NodeInfo[], path: string = PATHS.state): UpstreamsFile {
  return { upstreams: upstreamEntries(nodes, path) };
}
