import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { budget } from "../../../src/worker/budget.js";

test("the budget fires on time even after a full GC (AbortSignal.any + timeout did not, on Node 20)", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const b = budget(100);
  const t0 = Date.now();
  const fired = new Promise<number>((r) => b.signal.addEventListener("abort", () => r(Date.now() - t0)));
  setTimeout(gc, 20);
  const winner = await Promise.race([fired, new Promise<string>((r) => setTimeout(() => r("never fired"), 3000))]);
  assert.equal(typeof winner, "number", "the budget signal must abort");
  assert.equal((b.signal.reason as DOMException).name, "TimeoutError");
});

test("a parent abort (worker shutdown) aborts the budget; dispose stops the timer", async () => {
  const parent = new AbortController();
  const b = budget(10_000, parent.signal);
  parent.abort(new Error("shutdown"));
  assert.equal(b.signal.aborted, true);
  assert.equal((b.signal.reason as Error).message, "shutdown");
  const d = budget(20);
  d.dispose();
  // A sleep, not a wait: proving the disposed 20 ms timer does NOT fire needs the time to pass.
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(d.signal.aborted, false);
});
