import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../../src/model/errors.js";
import { assignFaults, parseFaultSpec } from "../../../src/devnet/fault-spec.js";

test("a spec gives counts per behaviour, defaults count 1, and @N sets the main parameter", () => {
  const entries = parseFaultSpec(" blackhole:3, slow:2@1500 ,forked,http-error@404,huge@0.5,lagging:1@3");
  assert.deepEqual(
    entries.map((e) => [e.behaviour.name, e.count, e.behaviour.params]),
    [
      ["blackhole", 3, {}],
      ["slow", 2, { delayMs: 1500 }],
      ["forked", 1, { fork: 1 }],
      ["http-error", 1, { status: 404 }],
      ["huge", 1, { bytes: 2 ** 19, chunked: false, block: true }],
      ["lagging", 1, { checkpoints: 3 }],
    ],
  );
});

test("an empty spec means no faults", () => {
  assert.deepEqual(parseFaultSpec(""), []);
  assert.deepEqual(parseFaultSpec("   "), []);
});

test("parse errors are one line naming the setting, the spec and the rule", () => {
  const cases: [string, RegExp][] = [
    ["blackhole:x", /must be behaviour\[:count\]\[@N\]/],
    ["nosuch:2", /unknown behaviour "nosuch"/],
    ["blackhole:0", /count of blackhole must be at least 1/],
    ["blackhole@5", /blackhole takes no @ parameter/],
    ["http-error@200", /http-error\.status must be an integer in \[400, 599\]/],
    ["slow:1,,", /item "" must be/],
  ];
  for (const [spec, rule] of cases) {
    assert.throws(
      () => parseFaultSpec(spec, "--behaviours"),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${spec}: ${String(e)}`);
        assert.ok(e.message.startsWith(`invalid setting --behaviours=${JSON.stringify(spec)}: `), e.message);
        assert.match(e.message, rule);
        assert.ok(!e.message.includes("\n"));
        return true;
      },
    );
  }
});

test("faults take the last nodes in the order written; the rest are healthy", () => {
  const names = assignFaults(parseFaultSpec("blackhole:2,slow:1"), 8).map((b) => b.name);
  assert.deepEqual(names, ["healthy", "healthy", "healthy", "healthy", "healthy", "blackhole", "blackhole", "slow"]);
});

test("asking for more faulty nodes than the devnet has is a config error", () => {
  assert.throws(() => assignFaults(parseFaultSpec("blackhole:3"), 2, "devnet-faults", "blackhole:3"), /asks for 3 faulty nodes but the devnet has 2/);
});
