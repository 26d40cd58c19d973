/** qlean's checkpoint sync: the URL as given, the state only, 3 tries; it only decodes it. */
import { anchorOf, decodeState, get } from "./common.js";
import type { Anchor, LeanNode } from "./common.js";

const TIMEOUT_MS = 600_000;
const TRIES = 3;

export async function qleanSync(url: string, node: LeanNode): Promise<Anchor> {
  for (let n = 1; ; n++) {
    try {
      return anchorOf("qlean", decodeState(await get(url, { from: node.address, timeoutMs: TIMEOUT_MS })), null, n);
    } catch (e) {
      if (n >= TRIES) throw e;
    }
  }
}
