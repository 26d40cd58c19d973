/**
 * --chain beacon with two poll workers: the state a poll downloads is hashed by both
 * workers, through shared memory, and the result is the honest checkpoint. The units each
 * side hashed are counted in /metrics (state_hash_units_total{by}).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import { eventually } from "../support/eventually.js";

/** The registry's units are 32768 validators: this state is cut into 10 of them, beside its balances. */
const VALIDATORS = 300_000;

function unitsBy(metrics: string, by: string): number {
  const m = new RegExp(`^quorumpoint_state_hash_units_total\\{by="${by}"\\} (\\d+)$`, "m").exec(metrics);
  return m === null ? 0 : Number(m[1]);
}

test("two workers hash one beacon state together, and the state served is the honest one", { timeout: 120_000 }, async (t) => {
  const { config } = resolveConfig({
    chain: "beacon", devnet: 3, devnetPreset: "minimal", devnetValidators: VALIDATORS, workers: 2, port: 0,
    pollIntervalMs: 2000, timeoutMs: 5000, logLevel: "silent",
  });
  const d = await startDaemon(config, { logger: createLogger("silent") });
  t.after(() => d.close());
  const served = () => d.pipeline.rounds.list().filter((r) => r.outcome === "served-new").length;
  const units = async () => {
    const metrics = await fetch(`${d.url}/metrics`).then((r) => r.text());
    return { poll: unitsBy(metrics, "poll"), helpers: unitsBy(metrics, "helpers") };
  };
  // The other worker may be polling when a state arrives, or still loading the hashing code: it
  // helps with some state, not necessarily the first.
  await eventually(async () => served() >= 2 && (await units()).helpers > 0, {
    timeoutMs: 90_000, intervalMs: 250, message: () => `2 served checkpoints (seen ${served()}) and units hashed by the other worker`,
  });

  const { poll, helpers } = await units();
  t.diagnostic(`units hashed: ${poll} by the downloading polls, ${helpers} by the other worker`);
  assert.ok(poll + helpers >= 2 * 10, `at least two states' units counted (${poll} + ${helpers})`);
  assert.ok(helpers > 0, "the other worker hashed some of them");

  // The devnet may have moved one epoch on since the last round (minimal preset: 8 slots).
  const status = (await fetch(`${d.url}/status`).then((r) => r.json())) as { served: { slot: number; root: string; state_root: string } };
  const honest = await d.beaconDevnet!.control.expected(0);
  if (status.served.slot === honest.slot) assert.deepEqual([status.served.root, status.served.state_root], [honest.root, honest.stateRoot]);
  else assert.equal(status.served.slot, honest.slot - 8, `served slot ${status.served.slot}, honest ${honest.slot}: at most one epoch behind`);
});
