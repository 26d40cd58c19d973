/**
 * ethlambda's checkpoint sync: a list of URLs tried in turn, each a base URL or the legacy
 * full state URL (the suffix stripped); state and block fetched in parallel, 15 s each;
 * up to 3 pairing retries when the two do not match.
 */
import { BLOCK_SUFFIX, SSZ, STATE_SUFFIX, SyncError, anchorOf, check, decodeBlock, decodeState, get, retryPair } from "./common.js";
import type { Anchor, Decoded, LeanNode, NodeConfig } from "./common.js";
import type { SignedBlockValue } from "../../../src/lean/index.js";

const TIMEOUT_MS = 15_000;
const PAIR_TRIES = 3;

export async function ethlambdaSync(urls: readonly string[], node: LeanNode): Promise<Anchor> {
  const errors: string[] = [];
  for (const url of urls) {
    try {
      return await syncFrom(baseOf(url), node);
    } catch (e) {
      errors.push(`${url}: ${(e as Error).message}`);
    }
  }
  throw new SyncError(`every checkpoint-sync URL failed: ${errors.join("; ")}`);
}

function baseOf(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return trimmed.endsWith(STATE_SUFFIX) ? trimmed.slice(0, -STATE_SUFFIX.length) : trimmed;
}

function syncFrom(base: string, node: LeanNode): Promise<Anchor> {
  const cfg = node.config;
  return retryPair(PAIR_TRIES + 1, async (n) => {
    const [stateBytes, blockBytes] = await Promise.all([
      get(base + STATE_SUFFIX, { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ }),
      get(base + BLOCK_SUFFIX, { from: node.address, timeoutMs: TIMEOUT_MS, accept: SSZ }),
    ]);
    const d = decodeState(stateBytes);
    const block = decodeBlock(blockBytes);
    ethlambdaChecks(d, block, cfg);
    return anchorOf("ethlambda", d, block, n);
  });
}

/** ethlambda's checks of a pair (gean makes the same ones): the state against the config, then the block against the state. */
export function ethlambdaChecks(d: Decoded, block: SignedBlockValue, cfg: NodeConfig): void {
  check.slotNotZero(d);
  check.validatorsEqualConfig(d, cfg);
  check.genesisTime(d, cfg);
  check.finalizedNotAfterState(d);
  check.justifiedNotBeforeFinalized(d);
  check.headerMatchesBlock(d, block);
  check.blockStateRoot(d, block);
}
