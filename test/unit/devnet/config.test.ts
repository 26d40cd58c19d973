import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../../src/model/errors.js";
import { HISTORICAL_ROOTS_LIMIT, VALIDATOR_REGISTRY_LIMIT } from "../../../src/lean/index.js";
import { planState, resolveDevnetConfig } from "../../../src/devnet/config.js";

const MiB = 2 ** 20;

/** SSZ size of a state laid out by `plan`, at checkpoint 0 (history length = anchorSlot). */
function plannedBytes(p: ReturnType<typeof planState>): number {
  const h = p.anchorSlot;
  return 228 + 32 * h + Math.floor(h / 8) + 1 + 112 * p.validators + 32 * p.justificationRoots + Math.floor((p.justificationRoots * p.validators) / 8) + 1;
}

test("state plans reach the target size through list lengths, within the schema limits", () => {
  for (const mb of [0.05, 2, 16, 64]) {
    const p = planState(Math.round(mb * MiB), 64, 3);
    const size = plannedBytes(p);
    assert.ok(Math.abs(size - mb * MiB) < 0.01 * mb * MiB + 200, `${mb} MiB planned as ${size} bytes`);
    assert.ok(p.anchorSlot < HISTORICAL_ROOTS_LIMIT && p.justificationRoots <= HISTORICAL_ROOTS_LIMIT);
    assert.ok(p.validators >= 4 && p.validators <= VALIDATOR_REGISTRY_LIMIT);
  }
});

test("history carries the size first, as in real states, and leaves room to grow", () => {
  const small = planState(2 * MiB, 64, 3);
  assert.ok(small.anchorSlot * 32 > 1.8 * MiB);
  const big = planState(16 * MiB, 64, 3);
  assert.ok(HISTORICAL_ROOTS_LIMIT - big.anchorSlot >= 2 ** 14);
});

test("resolveDevnetConfig fills defaults and rejects bad settings with one line", () => {
  const c = resolveDevnetConfig({ nodes: 3, faults: "slow:1" }, 1_000_000_000_000);
  assert.equal(c.slotMs, 4000);
  assert.equal(c.portBase, 0);
  assert.equal(c.clock, "running");
  assert.equal(c.keepAliveMs, null, "Node's own keep-alive unless asked");
  assert.equal(resolveDevnetConfig({ nodes: 1, keepAliveMs: 120_000 }).keepAliveMs, 120_000);
  assert.deepEqual(c.behaviours.map((b) => b.name), ["healthy", "healthy", "slow"]);
  assert.equal(c.genesisTime, Math.floor((1_000_000_000_000 - c.plan.anchorSlot * 4000) / 1000));
  const bad: [object, RegExp][] = [
    [{ nodes: 0 }, /invalid setting nodes=0/],
    [{ nodes: 2, stateMb: 0 }, /invalid setting state-mb=0/],
    [{ nodes: 2, slotMs: 1.5 }, /invalid setting slot-ms=1\.5/],
    [{ nodes: 2, portBase: 65535 }, /port-base/],
    [{ nodes: 2, faults: "blackhole:3" }, /invalid setting devnet-faults="blackhole:3"/],
    [{ nodes: 2, keepAliveMs: 0 }, /invalid setting keep-alive-ms=0/],
  ];
  for (const [o, re] of bad) assert.throws(() => resolveDevnetConfig(o as never), (e: unknown) => e instanceof ConfigError && re.test(e.message));
});
