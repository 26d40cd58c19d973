/**
 * leanSpec's checkpoint sync: a base URL with the paths appended; the block, then the
 * state, both asking for SSZ, 60 s each; a pair that does not match is fetched again.
 */
import { BLOCK_SUFFIX, SSZ, STATE_SUFFIX, anchorOf, check, decodeBlock, decodeState, get, retryPair } from "./common.js";
import type { Anchor, LeanNode } from "./common.js";

const TIMEOUT_MS = 60_000;
const PAIR_TRIES = 3;

export interface LeanSpecHooks {
  /** Called after the block of each attempt is fetched, before the state (tests force a change there). */
  afterBlock?(attempt: number): Promise<void>;
}

export async function leanSpecSync(baseUrl: string, node: LeanNode, hooks: LeanSpecHooks = {}): Promise<Anchor> {
  const cfg = node.config;
  const base = baseUrl.replace(/\/+$/, "");
  return retryPair(PAIR_TRIES, async (n) => {
    const block = decodeBlock(await get(base + BLOCK_SUFFIX, { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ }));
    await hooks.afterBlock?.(n);
    const d = decodeState(await get(base + STATE_SUFFIX, { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ }));
    check.validatorsWithinLimit(d);
    check.genesisTime(d, cfg);
    check.blockStateRoot(d, block);
    return anchorOf("leanSpec", d, block, n);
  });
}
