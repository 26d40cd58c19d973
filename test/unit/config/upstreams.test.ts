import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../../src/model/errors.js";
import { loadConfig } from "../../../src/config/index.js";
import { parseUpstream } from "../../../src/config/upstreams.js";
import { fakeFiles } from "./fake-files.js";

const LEANPOINT_FILE = {
  upstreams: [
    { name: "zeam_0", url: "http://localhost:5052", path: "/status" },
    { name: "ream_0", url: "http://localhost:5053/", path: "/eth/v1/beacon/states/finalized/finality_checkpoints" },
  ],
};

test("name=URL names an upstream; a bare URL is named host:port", () => {
  assert.deepEqual(parseUpstream("zeam_0=http://10.0.0.1:5052"), { name: "zeam_0", url: "http://10.0.0.1:5052" });
  assert.deepEqual(parseUpstream("http://10.0.0.1:5052/"), { name: "10.0.0.1:5052", url: "http://10.0.0.1:5052" });
  assert.deepEqual(parseUpstream("http://node.example"), { name: "node.example:80", url: "http://node.example" });
  assert.deepEqual(parseUpstream("https://node.example/base/"), { name: "node.example:443", url: "https://node.example/base" });
  assert.deepEqual(parseUpstream("http://[::1]:5052"), { name: "[::1]:5052", url: "http://[::1]:5052" });
  assert.deepEqual(parseUpstream({ url: "http://h:1" }), { name: "h:1", url: "http://h:1" });
});

test("bad upstreams are rejected with the entry at fault", () => {
  const cases: [string, RegExp][] = [
    ["ftp://h:1", /an http:\/\/ or https:\/\/ URL/],
    ["not a url", /an http\(s\) URL/],
    ["http://h:1/?x=1", /without query or fragment/],
    ["bad name=http://h:1", /a name of 1\.\.64/],
    ["=http://h:1", /an http\(s\) URL/],
  ];
  for (const [spec, rule] of cases) {
    assert.throws(() => loadConfig(["--upstream", "a=http://ok:1", "--upstream", spec]), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.ok(e.message.startsWith(`invalid setting --upstream=${JSON.stringify(spec)}: `), e.message);
      assert.match(e.message, rule);
      return true;
    });
  }
});

test("upstream names and URLs are unique", () => {
  assert.throws(() => loadConfig(["--upstream", "a=http://h:1", "--upstream", "a=http://h:2"]), {
    message: 'invalid setting --upstream="a=http://h:2": unique names (already http://h:1)',
  });
  assert.throws(() => loadConfig(["--upstream", "a=http://h:1", "--upstream", "b=http://h:1/"]), {
    message: 'invalid setting --upstream="http://h:1": each URL once (already upstream "a")',
  });
});

test("the environment lists upstreams separated by commas or spaces", () => {
  const { config } = loadConfig([], { QUORUMPOINT_UPSTREAM: "a=http://h:1, http://h:2  b=http://h:3" });
  assert.deepEqual(
    config.upstreams.map((u) => u.name),
    ["a", "h:2", "b"],
  );
});

test("flags replace the environment's list (precedence), never merge with it", () => {
  const { config } = loadConfig(["--upstream", "http://h:9"], { QUORUMPOINT_UPSTREAM: "http://h:1" });
  assert.deepEqual(config.upstreams, [{ name: "h:9", url: "http://h:9" }]);
});

test("the leanpoint upstreams file is read, path ignored, and adds to --upstream", () => {
  const read = fakeFiles({ "/up.json": LEANPOINT_FILE });
  const { config } = loadConfig(["--upstreams-config", "/up.json", "--upstream", "x=http://h:1"], {}, read);
  assert.deepEqual(config.upstreams, [
    { name: "x", url: "http://h:1" },
    { name: "zeam_0", url: "http://localhost:5052" },
    { name: "ream_0", url: "http://localhost:5053" },
  ]);
  assert.equal(config.upstreamsConfig, "/up.json");
});

test("a URL in both --upstream and the upstreams file is rejected", () => {
  const read = fakeFiles({ "/up.json": LEANPOINT_FILE });
  assert.throws(() => loadConfig(["--upstreams-config", "/up.json", "--upstream", "mine=http://localhost:5053"], {}, read), {
    message: 'invalid setting --upstreams-config="http://localhost:5053": each URL once (already upstream "mine")',
  });
});

test("a malformed leanpoint file is rejected in one line", () => {
  const bad: [string, RegExp][] = [
    ["{", /a JSON file \(/],
    ['{"nodes":[]}', /a JSON file \{"upstreams"/],
    ['{"upstreams":[{"name":"a"}]}', /a url string/],
    ['{"upstreams":[{"name":"a","url":"http://h:1","weight":2}]}', /not weight/],
    ['{"upstreams":[{"name":"a","url":"http://h:1"},{"name":"a","url":"http://h:2"}]}', /unique names/],
  ];
  for (const [text, rule] of bad) {
    const read = fakeFiles({ "/up.json": text });
    assert.throws(() => loadConfig(["--upstreams-config", "/up.json"], {}, read), (e: unknown) => {
      assert.ok(e instanceof ConfigError && !e.message.includes("\n"));
      assert.match(e.message, /^invalid setting --upstreams-config=/);
      assert.match(e.message, rule);
      return true;
    });
  }
});

test("a relative upstreams file in a config file is found beside it", () => {
  const read = fakeFiles({
    "/etc/qp/cfg.json": { upstreamsConfig: "up.json", upstream: ["a=http://h:1", { name: "b", url: "http://h:2" }] },
    "/etc/qp/up.json": LEANPOINT_FILE,
  });
  const { config } = loadConfig(["--config", "/etc/qp/cfg.json"], {}, read);
  assert.equal(config.upstreamsConfig, "/etc/qp/up.json");
  assert.deepEqual(
    config.upstreams.map((u) => u.name),
    ["a", "b", "zeam_0", "ream_0"],
  );
});
