/**
 * The beacon bench's flags and table, and one real measurement of a small synthetic state
 * in its own process (the root every method must agree on).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseBeaconOptions, BeaconUsageError } from "../../../bench/beacon/options.js";
import { renderBeaconTable } from "../../../bench/beacon/report.js";
import { runBeaconBench, type BeaconBenchResults } from "../../../bench/beacon/run.js";

test("--beacon flags: defaults, lists, and a bad value named", () => {
  const o = parseBeaconOptions(["--beacon"]);
  assert.ok(o !== "help");
  assert.deepEqual(o.validators, [100_000, 500_000, 1_000_000]);
  assert.equal(o.fork, "electra");
  assert.equal(o.repeats, 3);
  assert.equal(o.oneCore, true);
  const custom = parseBeaconOptions(["--beacon", "--validators", "10,20", "--fork", "fulu", "--repeats", "1", "--all-cores"]);
  assert.ok(custom !== "help");
  assert.deepEqual([custom.validators, custom.fork, custom.repeats, custom.oneCore], [[10, 20], "fulu", 1, false]);
  assert.equal(parseBeaconOptions(["--beacon", "--help"]), "help");
  assert.throws(() => parseBeaconOptions(["--beacon", "--fork", "phase0"]), BeaconUsageError);
  assert.throws(() => parseBeaconOptions(["--beacon", "--fork", "gloas"]), /--fork gloas/);
  assert.throws(() => parseBeaconOptions(["--beacon", "--repeats", "0"]), /--repeats 0/);
  assert.throws(() => parseBeaconOptions(["--beacon", "--nodes", "8"]));
});

test("a small run: every method in its own process, the same root, one table row each", async () => {
  const o = parseBeaconOptions(["--beacon", "--validators", "300", "--repeats", "1", "--lodestar-max", "300", "--all-cores"]);
  assert.ok(o !== "help");
  const lines: string[] = [];
  const r: BeaconBenchResults = await runBeaconBench(o, "test", (l) => lines.push(l));
  assert.equal(r.sizes.length, 1);
  const [size] = r.sizes;
  assert.deepEqual(size!.methods.map((m) => m.method), ["sha256", "quorumpoint", "lodestar"]);
  for (const m of size!.methods.filter((m) => m.method !== "sha256")) assert.equal(m.root, size!.root, m.method);
  const table = renderBeaconTable(r).trim().split("\n");
  assert.equal(table.length, 2 + 3);
  assert.match(table[3]!, /^\| 300 \| [\d.]+ \| quorumpoint \| 1 \|/);
  const skipped = parseBeaconOptions(["--beacon", "--validators", "300", "--repeats", "1", "--lodestar-max", "100", "--all-cores"]);
  assert.ok(skipped !== "help");
  const s = await runBeaconBench(skipped, "test", () => {});
  assert.deepEqual(s.sizes[0]!.skipped.map((k) => k.method), ["lodestar"]);
  assert.match(renderBeaconTable(s), /skipped: over --lodestar-max 100/);
});
