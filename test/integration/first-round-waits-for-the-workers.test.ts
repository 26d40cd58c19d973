/**
 * The daemon's first round starts once its poll threads have loaded their code: loading
 * (a few hundred ms on a busy machine) is not charged to the first upstreams polled. Here
 * the threads take 800 ms to load (test/fixtures/slow-start-poll-worker.ts) and
 * --timeout-ms is 150: every upstream of the first round still answers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import { eventually } from "../support/eventually.js";

const NODES = 4;

test("the first round's polls get their whole budget: none pays for the workers' start-up", async (t) => {
  const { config } = resolveConfig({
    devnet: NODES, stateMb: 0.05, port: 0, workers: 2, timeoutMs: 150, pollIntervalMs: 1000, logLevel: "silent",
  });
  const pollWorkerFile = new URL("../fixtures/slow-start-poll-worker.js", import.meta.url);
  const d = await startDaemon(config, { logger: createLogger("silent"), pollWorkerFile });
  t.after(() => d.close());
  const first = await eventually(() => d.pipeline.rounds.list()[0], { timeoutMs: 10_000, message: "a first round" });
  assert.deepEqual({ ok: first.ok, failed: first.failed, abandoned: first.abandoned }, { ok: NODES, failed: 0, abandoned: 0 }, JSON.stringify(first));
  assert.equal(first.outcome, "served-new");
});
