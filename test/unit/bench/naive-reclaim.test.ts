import { test } from "node:test";
import assert from "node:assert/strict";
import { NaiveEngine } from "../../../bench/engines/naive.js";
import { startTestDevnet } from "../../support/devnet.js";

test("naive reclaims its dead socket chunks only when asked (--naive-reclaim)", async (t) => {
  // 3 nodes x 3 MB: a hair under 9 MiB of state bodies a round. A reclaim runs each time
  // another RECLAIM_EVERY_BYTES (2 MiB) arrived, plus at most one 64 KiB chunk over: four.
  const expected = 4;
  const dn = await startTestDevnet({ nodes: 3, stateMb: 3 });
  t.after(() => dn.close());
  for (const naiveReclaim of [false, true]) {
    const engine = new NaiveEngine({ urls: dn.urls, workers: 0, cap: 3, timeoutMs: 5000, intervalMs: 20_000, maxStateBytes: 1 << 24, naiveReclaim });
    try {
      const round = await engine.runRound();
      assert.ok(round.outcomes.every((o) => o.ok), JSON.stringify(round.outcomes.map((o) => !o.ok && o.message)));
      assert.equal(engine.reclaims, naiveReclaim ? expected : 0, `naiveReclaim=${naiveReclaim}`);
    } finally {
      await engine.close();
    }
  }
});
