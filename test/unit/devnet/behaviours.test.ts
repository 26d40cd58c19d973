import { test } from "node:test";
import assert from "node:assert/strict";
import { QuorumpointError } from "../../../src/model/errors.js";
import { BEHAVIOURS, MAX_LAG_CHECKPOINTS, resolveBehaviour } from "../../../src/devnet/behaviours.js";

test("every behaviour resolves with its defaults", () => {
  for (const name of BEHAVIOURS) assert.equal(resolveBehaviour(name).name, name);
  assert.deepEqual(resolveBehaviour("trickle").params, { chunkBytes: 1024, intervalMs: 10 });
  assert.deepEqual(resolveBehaviour("huge").params, { bytes: 128 * 2 ** 20, chunked: false, block: true });
  assert.deepEqual(resolveBehaviour("truncated").params, { mode: "short" });
  assert.deepEqual(resolveBehaviour("http-error", { status: 404 }).params, { status: 404 });
});

test("bad names and parameters throw DEVNET_BAD_BEHAVIOUR with the reason", () => {
  const bad = (name: string, params: Record<string, unknown>, re: RegExp): void => {
    assert.throws(
      () => resolveBehaviour(name, params),
      (e: unknown) => e instanceof QuorumpointError && e.code === "DEVNET_BAD_BEHAVIOUR" && re.test(e.message),
    );
  };
  bad("sleepy", {}, /unknown behaviour "sleepy"/);
  bad("blackhole", { delayMs: 5 }, /blackhole takes no parameters/);
  bad("slow", { delay: 5 }, /slow takes parameters delayMs, not "delay"/);
  bad("slow", { delayMs: -1 }, /slow\.delayMs must be an integer/);
  bad("slow", { delayMs: 1.5 }, /slow\.delayMs must be an integer/);
  bad("lagging", { checkpoints: MAX_LAG_CHECKPOINTS + 1 }, /lagging\.checkpoints/);
  bad("truncated", { mode: "half" }, /one of short, close/);
  bad("huge", { chunked: "yes" }, /huge\.chunked must be true or false/);
});
