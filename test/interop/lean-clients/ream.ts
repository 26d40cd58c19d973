/**
 * ream's checkpoint sync: the absolute paths joined to the URL (so only its origin
 * counts), the state, then the block, asking for SSZ.
 */
import { BLOCK_SUFFIX, SSZ, STATE_SUFFIX, anchorOf, check, decodeBlock, decodeState, get } from "./common.js";
import type { Anchor, LeanNode } from "./common.js";

const TIMEOUT_MS = 30_000;

export async function reamSync(url: string, node: LeanNode): Promise<Anchor> {
  const d = decodeState(await get(new URL(STATE_SUFFIX, url).href, { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ }));
  const block = decodeBlock(await get(new URL(BLOCK_SUFFIX, url).href, { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ }));
  check.blockStateRoot(d, block);
  check.validatorsWithinLimit(d);
  return anchorOf("ream", d, block, 1);
}
