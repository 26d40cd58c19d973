/**
 * The beacon bench's flags and table, and one real measurement of a small synthetic state
 * in its own process (the root every method must agree on).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseBeaconOptions, BeaconUsageError } from "../../../bench/beacon/options.js";
import { renderBeaconTable, renderRoundsTable, renderThreadsTable } from "../../../bench/beacon/report.js";
import { classifyRounds, runRounds } from "../../../bench/beacon/rounds.js";
import { runBeaconBench, type BeaconBenchResults } from "../../../bench/beacon/run.js";

test("--beacon flags: defaults, lists, and a bad value named", () => {
  const o = parseBeaconOptions(["--beacon"]);
  assert.ok(o !== "help");
  assert.deepEqual(o.validators, [100_000, 500_000, 1_000_000]);
  assert.equal(o.fork, "electra");
  assert.equal(o.repeats, 3);
  assert.equal(o.oneCore, true);
  assert.deepEqual(o.threads, [1, 2, 4]);
  assert.deepEqual([o.roundsValidators, o.roundsSeconds], [1_000_000, 100]);
  const none = parseBeaconOptions(["--beacon", "--threads", "0", "--rounds-validators", "0"]);
  assert.ok(none !== "help");
  assert.deepEqual(none.threads, []);
  assert.throws(() => parseBeaconOptions(["--beacon", "--threads", "1,x"]), /--threads x/);
  const custom = parseBeaconOptions(["--beacon", "--validators", "10,20", "--fork", "fulu", "--repeats", "1", "--all-cores"]);
  assert.ok(custom !== "help");
  assert.deepEqual([custom.validators, custom.fork, custom.repeats, custom.oneCore], [[10, 20], "fulu", 1, false]);
  assert.equal(parseBeaconOptions(["--beacon", "--help"]), "help");
  assert.throws(() => parseBeaconOptions(["--beacon", "--fork", "phase0"]), BeaconUsageError);
  assert.throws(() => parseBeaconOptions(["--beacon", "--fork", "gloas"]), /--fork gloas/);
  assert.throws(() => parseBeaconOptions(["--beacon", "--repeats", "0"]), /--repeats 0/);
  assert.throws(() => parseBeaconOptions(["--beacon", "--nodes", "8"]));
});

test("a small run: every method in its own process, and the shared root on 1 and 2 threads, the same root, one table row each", async () => {
  const o = parseBeaconOptions(["--beacon", "--validators", "300", "--repeats", "1", "--lodestar-max", "300", "--all-cores", "--threads", "1,2", "--rounds-validators", "0"]);
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
  assert.deepEqual(size!.threads.map((t) => [t.threads, t.root]), [[1, size!.root], [2, size!.root]]);
  assert.match(renderThreadsTable(r), /\| 300 \| 2 \| [\d.]+ \| [\d.]+x \|/);
  const skipped = parseBeaconOptions(["--beacon", "--validators", "300", "--repeats", "1", "--lodestar-max", "100", "--all-cores", "--threads", "0", "--rounds-validators", "0"]);
  assert.ok(skipped !== "help");
  const s = await runBeaconBench(skipped, "test", () => {});
  assert.deepEqual(s.sizes[0]!.skipped.map((k) => k.method), ["lodestar"]);
  assert.match(renderBeaconTable(s), /skipped: over --lodestar-max 100/);
});

test("the round case: a real daemon on 16 simulated beacon nodes, summarised as round 1 and the steady rounds", async () => {
  const rounds = runRounds(2000, 13, 3000);
  assert.ok(rounds.rounds.length >= 3, `${rounds.rounds.length} rounds`);
  const { startup, steady, changes } = classifyRounds(rounds);
  assert.equal(startup.at(-1)!.outcome, "served-new", "a state is served within the run");
  assert.equal(startup.at(-1)!.ok, 16);
  assert.equal(changes.length, 0, "no finality change in 13 s of 32 s epochs");
  const rest = rounds.rounds.slice(startup.length);
  assert.deepEqual(steady, rest);
  for (const x of rest) {
    assert.deepEqual([x.outcome, x.downloads], ["unchanged", 0], `round ${x.round}`);
    assert.ok(x.bytes < 64 * 1024, `round ${x.round}: a steady round downloads no state, only probes (${x.bytes} bytes)`);
  }
  const o = parseBeaconOptions(["--beacon"]);
  assert.ok(o !== "help");
  const table = renderRoundsTable({ rounds, sizes: [] } as unknown as BeaconBenchResults);
  assert.match(table, new RegExp(`\\| start-up, to the first state served \\| ${startup.length} \\|`));
  assert.match(table, new RegExp(`\\| steady \\(nothing new\\) \\| ${rest.length} \\| [\\d-]+ \\| 0\\.0-0\\.0 \\| 0 \\| 0 \\|`));
});
