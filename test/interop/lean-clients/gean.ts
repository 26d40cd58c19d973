/**
 * gean's checkpoint sync: the URL must be the full state URL; the state and the block,
 * 30 s each, at most 64 MiB; ethlambda's checks plus every pubkey against the config.
 */
import { BLOCK_SUFFIX, SSZ, STATE_SUFFIX, SyncError, anchorOf, decodeBlock, decodeState, get } from "./common.js";
import type { Anchor, LeanNode } from "./common.js";
import { ethlambdaChecks } from "./ethlambda.js";

const TIMEOUT_MS = 30_000;
const MAX_BYTES = 64 * 2 ** 20;

export async function geanSync(stateUrl: string, node: LeanNode): Promise<Anchor> {
  const cfg = node.config;
  const u = new URL(stateUrl);
  if (!u.pathname.endsWith(STATE_SUFFIX)) throw new SyncError(`checkpoint-sync URL must end in ${STATE_SUFFIX}: ${stateUrl}`);
  const blockUrl = new URL(u.href);
  blockUrl.pathname = u.pathname.slice(0, -STATE_SUFFIX.length) + BLOCK_SUFFIX;
  const opts = { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ, maxBytes: MAX_BYTES };
  const d = decodeState(await get(u.href, opts));
  const block = decodeBlock(await get(blockUrl.href, opts));
  ethlambdaChecks(d, block, cfg);
  return anchorOf("gean", d, block, 1);
}
