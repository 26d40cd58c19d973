/**
 * Every setting, with a bad value, from each source: start-up stops with one line naming
 * the source, the value and the rule. The table below must cover every setting.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../../src/model/errors.js";
import { SETTINGS, envName, loadConfig } from "../../../src/config/index.js";
import { fakeFiles } from "./fake-files.js";

/** key -> a bad value, and (when the rule printed is not the table's) a pattern for it. */
const BAD: Record<string, { value: string; rule?: RegExp }> = {
  config: { value: "/missing.json", rule: /^a readable JSON file \(ENOENT\)$/ },
  upstream: { value: "ftp://node:5052", rule: /^an http:\/\/ or https:\/\/ URL$/ },
  upstreamsConfig: { value: "/missing-upstreams.json", rule: /^a readable file \(ENOENT\)$/ },
  bind: { value: "not a host!" },
  port: { value: "65536" },
  pollIntervalMs: { value: "99" },
  timeoutMs: { value: "5s" },
  chain: { value: "eth2" },
  devnetValidators: { value: "0" },
  devnetPreset: { value: "gnosis" },
  firstContactMs: { value: "50" },
  staleAfterMs: { value: "-1" },
  pairWindowMs: { value: "-5" },
  maxConnections: { value: "0" },
  maxConnectionsPerAddress: { value: "-1" },
  sendMinBytesPerS: { value: "2GiB" },
  sendWindowMs: { value: "999" },
  maxPinnedSuperseded: { value: "1025" },
  maxStateBytes: { value: "1000" },
  maxInflightBytes: { value: "12" },
  logLevel: { value: "verbose" },
  pollConcurrency: { value: "abc" },
  workers: { value: "65" },
  quorum: { value: "1" },
  minAgree: { value: "0" },
  quorumOf: { value: "half" },
  allowFinalityReorg: { value: "maybe" },
  history: { value: "1025" },
  balance: { value: "yes" },
  balanceWindow: { value: "0" },
  balanceThreshold: { value: "0" },
  maxLanes: { value: "1.5" },
  devnet: { value: "513" },
  devnetFaults: { value: "meteor:1", rule: /unknown behaviour "meteor"/ },
  slotMs: { value: "0x10" },
  stateMb: { value: "0" },
};

/** Enough for serve to start, without setting the key under test: the bad value is then the only fault. */
function base(key: string): string[] {
  return key === "upstream" || key === "devnetFaults" ? ["--devnet", "4"] : ["--upstream", "http://127.0.0.1:5052"];
}
const BASE = base("");

test("the bad-value table covers every setting", () => {
  assert.deepEqual(Object.keys(BAD).sort(), SETTINGS.map((s) => s.key).sort());
});

test("names are derived: kebab flag, QUORUMPOINT_ env, camelCase key", () => {
  for (const s of SETTINGS) {
    assert.match(s.flag, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(s.key, s.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
    assert.equal(envName(s), `QUORUMPOINT_${s.flag.toUpperCase().replace(/-/g, "_")}`);
  }
  assert.equal(new Set(SETTINGS.map((s) => s.flag)).size, SETTINGS.length);
});

function expectOneLine(run: () => unknown, source: string, value: unknown, key: string): void {
  const s = SETTINGS.find((x) => x.key === key)!;
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `${source}: expected a ConfigError, got ${String(e)}`);
    assert.ok(!e.message.includes("\n"), `${source}: one line`);
    const prefix = `invalid setting ${source}=${JSON.stringify(value)}: `;
    assert.ok(e.message.startsWith(prefix), `${source}: ${e.message} should start with ${prefix}`);
    const rule = e.message.slice(prefix.length);
    const expected = BAD[key].rule;
    if (expected) assert.match(rule, expected);
    else assert.equal(rule, s.rule);
    return true;
  });
}

for (const s of SETTINGS) {
  const bad = BAD[s.key].value;

  test(`--${s.flag} with a bad value stops start-up with one line`, () => {
    const args = s.kind === "boolean" ? [`--${s.flag}=${bad}`] : [`--${s.flag}`, bad];
    expectOneLine(() => loadConfig([...base(s.key), ...args], {}, fakeFiles({})), `--${s.flag}`, bad, s.key);
  });

  test(`${envName(s)} with the same bad value is judged by the same rule`, () => {
    expectOneLine(() => loadConfig(base(s.key), { [envName(s)]: bad }, fakeFiles({})), envName(s), bad, s.key);
  });

  if (s.key !== "config") {
    test(`config-file key ${s.key} with the same bad value is judged by the same rule`, () => {
      const read = fakeFiles({ "/etc/qp/cfg.json": { [s.key]: bad } });
      expectOneLine(() => loadConfig([...base(s.key), "--config", "/etc/qp/cfg.json"], {}, read), `cfg.json:${s.key}`, bad, s.key);
    });
  }
}

test("a JSON number is judged like its text", () => {
  const read = fakeFiles({ "/c.json": { port: 70000 } });
  assert.throws(() => loadConfig([...BASE, "--config", "/c.json"], {}, read), {
    message: 'invalid setting c.json:port=70000: an integer 0..65535 (0 = any free port)',
  });
  const ok = fakeFiles({ "/c.json": { port: 8080, quorum: 0.66, balance: false } });
  const { config } = loadConfig([...BASE, "--config", "/c.json"], {}, ok);
  assert.equal(config.port, 8080);
  assert.equal(config.quorum, 0.66);
  assert.equal(config.balance, false);
});

test("integers reject fractions, hex, exponents and blanks", () => {
  for (const bad of ["1.5", "0x10", "1e3", " ", "12abc"]) {
    assert.throws(() => loadConfig([...BASE, "--port", bad]), ConfigError, bad);
  }
});
