/**
 * A beacon poll waiting for another poll's verification ends at its deadline even when no
 * timer gets to run: it reads the clock. Before, it counted on the budget's abort, and a
 * wait that ended at once past the deadline spun on microtasks, starving its worker (the
 * claimer's poll on the same thread included) for good.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { startDevnet } from "../../../src/devnet/index.js";
import { BEACON_FINALITY } from "../../../src/model/beacon-paths.js";
import type { PollOutcome } from "../../../src/model/outcome.js";
import type { PastDeadlineData } from "./fixtures/beacon-poll-past-deadline.js";

test("a beacon poll waiting on another poll's claim past its deadline ends as a timeout", async (t) => {
  const bn = await startDevnet({ chain: "beacon", nodes: 1, preset: "minimal", portBase: 0, clock: "paused" });
  t.after(() => bn.close());
  const url = bn.urls[0]!;
  const finality = (await (await fetch(url + BEACON_FINALITY)).json()) as { data: { finalized: { root: string } } };
  const data: PastDeadlineData = { url, finalizedRoot: finality.data.finalized.root };
  const w = new Worker(new URL("./fixtures/beacon-poll-past-deadline.js", import.meta.url), { workerData: data });
  // The poll's thread may be spinning: only terminate() stops it, so the wait is bounded here.
  const watchdog = setTimeout(() => void w.terminate(), 15_000);
  try {
    const [message] = (await Promise.race([once(w, "message"), once(w, "exit").then(([code]) => [{ exit: code }])])) as [
      { outcome: PollOutcome; waits: number } | { exit: number },
    ];
    assert.ok("outcome" in message, "the poll never ended: its worker was terminated after 15 s");
    const { outcome, waits } = message;
    assert.equal(waits, 1, "it waited once, for the claimer");
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.code, "timeout", JSON.stringify(outcome));
  } finally {
    clearTimeout(watchdog);
    await w.terminate();
  }
});
