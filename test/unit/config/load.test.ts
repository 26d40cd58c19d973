import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, QuorumpointError } from "../../../src/model/errors.js";
import { availableParallelism } from "node:os";
import { NO_UPSTREAMS_MESSAGE, defaultWorkers, loadConfig, resolveConfig } from "../../../src/config/index.js";
import { defaultMaxLanes } from "../../../src/balance/config.js";
import { fakeFiles } from "./fake-files.js";

const UP = ["--upstream", "http://127.0.0.1:5052"];

test("precedence: flag > env > file > default, setting by setting", () => {
  const read = fakeFiles({ "/q/cfg.json": { port: 1111, pollIntervalMs: 2222, history: 3, bind: "0.0.0.0", "log-level": "debug" } });
  const env = { QUORUMPOINT_CONFIG: "/q/cfg.json", QUORUMPOINT_PORT: "2222", QUORUMPOINT_POLL_INTERVAL_MS: "3333", QUORUMPOINT_QUORUM: "0.75" };
  const { config } = loadConfig([...UP, "--port", "3333"], env, read);
  assert.equal(config.port, 3333, "flag over env and file");
  assert.equal(config.pollIntervalMs, 3333, "env over file");
  assert.equal(config.quorum, 0.75, "env over default");
  assert.equal(config.history, 3, "file over default");
  assert.equal(config.bind, "0.0.0.0", "file over default");
  assert.equal(config.logLevel, "debug", "kebab-case file key");
  assert.equal(config.timeoutMs, 5000, "default");
  assert.equal(config.configFile, "/q/cfg.json");
});

test("defaults", () => {
  const { config, warnings } = loadConfig(UP);
  assert.deepEqual(warnings, []);
  assert.equal(config.bind, "127.0.0.1");
  assert.equal(config.port, 5555);
  assert.equal(config.pollIntervalMs, 4000);
  assert.equal(config.timeoutMs, 5000);
  assert.equal(config.staleAfterMs, 30000);
  assert.equal(config.maxStateBytes, 64 * 2 ** 20);
  assert.equal(config.logLevel, "info");
  assert.equal(config.pollConcurrency, 64);
  assert.equal(config.workers, Math.min(64, availableParallelism()));
  assert.equal(config.quorum, 0.5);
  assert.equal(config.minAgree, 1);
  assert.equal(config.history, 8);
  assert.equal(config.balance, true);
  assert.equal(config.maxLanes, defaultMaxLanes(64));
  assert.equal(config.devnet, 0);
  assert.equal(config.devnetFaults, null);
  assert.equal(config.slotMs, 4000);
  assert.equal(config.stateMb, 2);
  assert.equal(config.configFile, null);
  assert.equal(config.upstreamsConfig, null);
});

test("--poll-concurrency over 256 is clamped with a warning, 0 means the default", () => {
  const high = loadConfig([...UP, "--poll-concurrency", "300"]);
  assert.equal(high.config.pollConcurrency, 256);
  assert.deepEqual(high.warnings, ["--poll-concurrency=300 is over 256: clamped to 256"]);
  const zero = loadConfig([...UP, "--poll-concurrency", "0"]);
  assert.equal(zero.config.pollConcurrency, 64);
  assert.deepEqual(zero.warnings, []);
  const env = loadConfig(UP, { QUORUMPOINT_POLL_CONCURRENCY: "1000" });
  assert.deepEqual(env.warnings, ["QUORUMPOINT_POLL_CONCURRENCY=1000 is over 256: clamped to 256"]);
});

test("--max-lanes defaults from the concurrency and may not exceed it", () => {
  assert.equal(loadConfig([...UP, "--poll-concurrency", "8"]).config.maxLanes, defaultMaxLanes(8));
  assert.equal(loadConfig([...UP, "--poll-concurrency", "1"]).config.maxLanes, 1);
  assert.equal(loadConfig([...UP, "--max-lanes", "3"]).config.maxLanes, 3);
  assert.throws(() => loadConfig([...UP, "--poll-concurrency", "4", "--max-lanes", "5"]), {
    message: 'invalid setting --max-lanes="5": an integer >= 1, at most --poll-concurrency (4)',
  });
});

test("timeouts: a poll ends before staleness, staleness spans more than a round", () => {
  assert.throws(() => loadConfig([...UP, "--timeout-ms", "30000"]), {
    message: 'invalid setting --timeout-ms="30000": less than --stale-after-ms (30000)',
  });
  assert.throws(() => loadConfig([...UP, "--poll-interval-ms", "30000"]), {
    message: "invalid setting --stale-after-ms=30000: greater than --poll-interval-ms (30000)",
  });
  const ok = loadConfig([...UP, "--poll-interval-ms", "500", "--timeout-ms", "400", "--stale-after-ms", "2000"]).config;
  assert.deepEqual([ok.pollIntervalMs, ok.timeoutMs, ok.staleAfterMs], [500, 400, 2000]);
});

test("serve without any upstream stops with one line", () => {
  assert.throws(
    () => loadConfig([]),
    (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_NO_UPSTREAMS" && e.message === NO_UPSTREAMS_MESSAGE,
  );
  assert.equal(loadConfig(["--devnet", "2"]).config.devnet, 2);
});

test("--min-agree cannot exceed the number of upstreams (devnet nodes count)", () => {
  assert.throws(() => loadConfig([...UP, "--min-agree", "2"]), { message: /at most the number of upstreams \(1\)/ });
  assert.equal(loadConfig([...UP, "--devnet", "2", "--min-agree", "3"]).config.minAgree, 3);
});

test("--devnet-faults is checked by the devnet grammar and needs --devnet", () => {
  assert.equal(loadConfig(["--devnet", "8", "--devnet-faults", "blackhole:2,slow:1@1500"]).config.devnetFaults, "blackhole:2,slow:1@1500");
  assert.throws(() => loadConfig([...UP, "--devnet-faults", "blackhole:1"]), {
    message: 'invalid setting --devnet-faults="blackhole:1": needs --devnet > 0',
  });
  assert.throws(() => loadConfig(["--devnet", "2", "--devnet-faults", "blackhole:3"]), {
    message: 'invalid setting --devnet-faults="blackhole:3": asks for 3 faulty nodes but the devnet has 2',
  });
});

test("an unknown config-file key is rejected in one line naming all of them", () => {
  const read = fakeFiles({ "/c.json": { port: 1, pollConcurency: 3, upstreams: [] } });
  assert.throws(() => loadConfig([...UP, "--config", "/c.json"], {}, read), {
    message:
      'invalid setting --config="/c.json": unknown keys "pollConcurency", "upstreams" (keys are flag names in camelCase, e.g. pollConcurrency)',
  });
  const nested = fakeFiles({ "/c.json": { config: "/other.json" } });
  assert.throws(() => loadConfig([...UP, "--config", "/c.json"], {}, nested), { message: /unknown key "config"/ });
});

test("a config file that is not a JSON object is rejected", () => {
  for (const content of ["{ nope", "[1,2]", "null"]) {
    const read = fakeFiles({ "/c.json": content });
    assert.throws(() => loadConfig([...UP, "--config", "/c.json"], {}, read), { message: /^invalid setting --config="\/c.json": a / });
  }
});

test("unknown flags, missing values and stray arguments are usage errors", () => {
  for (const args of [["--bogus", "1"], ["--port"], ["serve", "extra"], ["-x"]]) {
    assert.throws(
      () => loadConfig([...UP, ...args]),
      (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_USAGE" && !e.message.includes("\n"),
      args.join(" "),
    );
  }
  assert.equal(loadConfig(["serve", ...UP]).config.upstreams.length, 1, "a leading serve is allowed");
});

test("a scalar flag given twice keeps the last; booleans take --no- and env spellings", () => {
  assert.equal(loadConfig([...UP, "--port", "1", "--port", "2"]).config.port, 2);
  assert.equal(loadConfig([...UP, "--no-balance"]).config.balance, false);
  assert.equal(loadConfig(UP, { QUORUMPOINT_BALANCE: "0" }).config.balance, false);
  assert.equal(loadConfig(UP, { QUORUMPOINT_BALANCE: "TRUE" }).config.balance, true);
  assert.equal(loadConfig(UP, { QUORUMPOINT_PORT: "" }).config.port, 5555, "empty env counts as unset");
});

test("--max-state-bytes takes byte suffixes", () => {
  assert.equal(loadConfig([...UP, "--max-state-bytes", "16MiB"]).config.maxStateBytes, 16 * 2 ** 20);
  assert.equal(loadConfig([...UP, "--max-state-bytes", "1.5 GiB"]).config.maxStateBytes, 1.5 * 2 ** 30);
  assert.equal(loadConfig([...UP, "--max-state-bytes", "500kB"]).config.maxStateBytes, 500_000);
  assert.equal(loadConfig([...UP, "--max-state-bytes", "2048"]).config.maxStateBytes, 2048);
  assert.throws(() => loadConfig([...UP, "--max-state-bytes", "5GiB"]), ConfigError);
  assert.throws(() => loadConfig([...UP, "--max-state-bytes", "64 parsecs"]), ConfigError);
});

test("default workers: one per core (the bench's worker sweep), 1..64", () => {
  assert.deepEqual([1, 2, 8, 64, 96].map((cores) => defaultWorkers(cores)), [1, 2, 8, 64, 64]);
  assert.equal(defaultWorkers(0), 1, "a machine reporting no cores still gets a pool");
});

test("warnings: devnet states over the size cap, more workers than cores", () => {
  const { warnings } = loadConfig(["--devnet", "1", "--state-mb", "8", "--max-state-bytes", "4MiB", "--workers", "64"]);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /--state-mb=8 is over --max-state-bytes=4MiB/);
  assert.match(warnings[1], /^--workers=64 is more than the \d+ available cores/);
  const cores = String(availableParallelism());
  assert.deepEqual(loadConfig(["--devnet", "1", "--workers", cores]).warnings, [], "as many as the cores: no warning");
});

test("resolveConfig applies the same rules to options given by code", () => {
  const { config } = resolveConfig({ devnet: 4, port: 0, upstream: ["a=http://127.0.0.1:1"], maxStateBytes: "1MiB" });
  assert.equal(config.port, 0);
  assert.deepEqual(config.upstreams, [{ name: "a", url: "http://127.0.0.1:1" }]);
  assert.equal(config.maxStateBytes, 2 ** 20);
  assert.throws(() => resolveConfig({ devnet: 4, quorum: 1 }), { message: "invalid setting options.quorum=1: a number >= 0 and < 1" });
  assert.throws(() => resolveConfig({ devnet: 4, nope: 1 } as object), { message: /options\.nope/ });
});

test("--chain beacon: its own defaults for what was not given (state cap, budget, history, first contact, slot time, round timing)", () => {
  const { config } = resolveConfig({ chain: "beacon", upstream: "http://127.0.0.1:5052" });
  assert.deepEqual(
    [config.chain, config.maxStateBytes, config.maxInflightBytes, config.history, config.firstContactMs, config.slotMs],
    ["beacon", 512 * 2 ** 20, 1024 * 2 ** 20, 3, config.timeoutMs, 1000],
  );
  assert.deepEqual([config.pollIntervalMs, config.timeoutMs, config.staleAfterMs], [12_000, 10_000, 60_000]);
  const faster = resolveConfig({ chain: "beacon", upstream: "http://127.0.0.1:5052", pollIntervalMs: 3000 }).config;
  assert.deepEqual([faster.pollIntervalMs, faster.timeoutMs, faster.staleAfterMs], [3000, 10_000, 60_000], "what was given stays");
  assert.throws(() => resolveConfig({ chain: "beacon", upstream: "http://127.0.0.1:5052", staleAfterMs: 5000 }), /staleAfterMs=5000: greater than --poll-interval-ms \(12000\)/, "checked against the beacon defaults");
  const given = resolveConfig({ chain: "beacon", upstream: "http://127.0.0.1:5052", maxStateBytes: 2 ** 28, history: 5, firstContactMs: 400 }).config;
  assert.deepEqual([given.maxStateBytes, given.history, given.firstContactMs], [2 ** 28, 5, 400]);
  const lean = resolveConfig({ upstream: "http://127.0.0.1:5052" }).config;
  assert.deepEqual([lean.chain, lean.maxStateBytes, lean.history, lean.firstContactMs], ["lean", 64 * 2 ** 20, 8, 500]);
  assert.deepEqual([lean.pollIntervalMs, lean.timeoutMs, lean.staleAfterMs], [4000, 5000, 30_000]);
});
