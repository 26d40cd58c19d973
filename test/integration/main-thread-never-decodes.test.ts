import { test } from "node:test";
import assert from "node:assert/strict";
import { BlockHeader, State } from "../../src/lean/index.js";
import { createLogger, resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import { eventually } from "../support/eventually.js";

test("the daemon's main thread never decodes or merkleizes a state: workers do", async (t) => {
  // Count every decode and hash_tree_root made through this thread's SSZ types. Worker
  // threads load their own copies of the module, so only main-thread calls are counted.
  const calls: string[] = [];
  const spy = <T extends object>(obj: T, name: keyof T & string, label: string) => {
    const original = (obj[name] as (...a: unknown[]) => unknown).bind(obj);
    (obj as Record<string, unknown>)[name] = (...a: unknown[]) => {
      calls.push(label);
      return original(...a);
    };
  };
  spy(State, "deserialize", "State.deserialize");
  spy(State, "deserializeToViewDU", "State.deserializeToViewDU");
  spy(State, "hashTreeRoot", "State.hashTreeRoot");
  spy(BlockHeader, "hashTreeRoot", "BlockHeader.hashTreeRoot");

  const { config } = resolveConfig({ devnet: 4, stateMb: 0.3, port: 0, pollIntervalMs: 500, timeoutMs: 400, staleAfterMs: 10_000, logLevel: "silent" });
  const d = await startDaemon(config, { logger: createLogger("silent") });
  t.after(() => d.close());
  // Two finality steps: new states are downloaded, verified, agreed on and served.
  const first = await d.devnet!.control.advanceFinality();
  let checkpoint: unknown = null;
  const served = await eventually(async () => {
    const r = await fetch(`${d.url}/lean/v0/checkpoints/finalized`);
    const j = r.ok ? ((await r.json()) as { slot: number }) : null;
    checkpoint = j ?? r.status;
    if (!(j && j.slot >= first.finalized.slot && d.pipeline.rounds.list().length >= 2)) return null;
    return fetch(`${d.url}/lean/v0/states/finalized`);
  }, {
    timeoutMs: 20_000, intervalMs: 100,
    message: () => `the checkpoint at slot >= ${first.finalized.slot} after 2 rounds (rounds: ${d.pipeline.rounds.list().length}, checkpoint: ${JSON.stringify(checkpoint)})`,
  });
  assert.ok(served.ok, "a verified state is served");
  assert.ok((await served.arrayBuffer()).byteLength > 0.25 * 2 ** 20);
  assert.ok(d.pipeline.rounds.list().length >= 2);
  assert.deepEqual(calls, [], "no SSZ decode or merkleization ran on the main thread");

  // The spy itself works: a main-thread call would have been seen.
  State.hashTreeRoot(State.defaultValue());
  assert.deepEqual(calls, ["State.hashTreeRoot"]);
});
