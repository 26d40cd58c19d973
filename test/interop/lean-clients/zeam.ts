/**
 * zeam's checkpoint sync: the full state URL, no Accept header, then the block from the
 * same URL with the state suffix swapped for the block's (a missing block is only a
 * warning). It checks the state against its own genesis config, then the pair.
 */
import { BLOCK_SUFFIX, STATE_SUFFIX, SyncError, anchorOf, check, decodeBlock, decodeState, get } from "./common.js";
import type { Anchor, LeanNode } from "./common.js";

const TIMEOUT_MS = 30_000;

export async function zeamSync(stateUrl: string, node: LeanNode, warn: (msg: string) => void = () => {}): Promise<Anchor> {
  const cfg = node.config;
  const d = decodeState(await get(stateUrl, { from: node.address, timeoutMs: TIMEOUT_MS }));
  check.genesisTime(d, cfg);
  check.validatorsEqualConfig(d, cfg);
  check.slotNotZero(d);
  const path = new URL(stateUrl).pathname.replace(/\/+$/, "");
  if (!path.endsWith(STATE_SUFFIX)) throw new SyncError(`${stateUrl} does not end in ${STATE_SUFFIX}`);
  const blockUrl = stateUrl.replace(/\/lean\/v0\/states\/finalized\/?/, BLOCK_SUFFIX);
  let block: ReturnType<typeof decodeBlock>;
  try {
    block = decodeBlock(await get(blockUrl, { from: node.address, timeoutMs: TIMEOUT_MS }));
  } catch (e) {
    warn(`no checkpoint block: ${(e as Error).message}`);
    return anchorOf("zeam", d, null, 1);
  }
  check.blockRootMatchesHeader(d, block);
  check.blockStateRoot(d, block);
  return anchorOf("zeam", d, block, 1);
}
