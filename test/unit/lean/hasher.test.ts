import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { activeHasherName, useFastHasher } from "../../../src/lean/hasher.js";
import { verifyState } from "../../../src/lean/verify.js";
import { buildStateBytes } from "./build-state.js";

test("useFastHasher installs hashtree and is idempotent", () => {
  useFastHasher();
  useFastHasher();
  assert.equal(activeHasherName(), "hashtree");
});

test("a worker thread that loads lean/verify hashes with hashtree and agrees with the main thread", async () => {
  const bytes = buildStateBytes({ history: 300, validators: 8, justifications: 2, seed: 5 });
  const worker = new Worker(new URL("./fixtures/hasher-worker.js", import.meta.url), { workerData: bytes });
  try {
    const [msg] = (await once(worker, "message")) as [{ hasher: string; verified: unknown }];
    assert.equal(msg.hasher, "hashtree");
    assert.deepEqual(msg.verified, verifyState(bytes));
  } finally {
    await worker.terminate();
  }
});
