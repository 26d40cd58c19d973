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

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass, "utf8").toString("base64")}`;

test("a URL's userinfo leaves the URL and becomes Basic auth (percent-escapes decoded)", () => {
  assert.deepEqual(parseUpstream("http://user:secret@10.0.0.1:5052/"), {
    name: "10.0.0.1:5052", url: "http://10.0.0.1:5052", headers: { authorization: basic("user:secret") },
  });
  assert.deepEqual(parseUpstream("z=https://u%40x:p%3Ass%20w@node.example/base"), {
    name: "z", url: "https://node.example/base", headers: { authorization: basic("u@x:p:ss w") },
  });
  assert.deepEqual(parseUpstream("http://token@h:1"), { name: "h:1", url: "http://h:1", headers: { authorization: basic("token:") } });
  // The same node under other credentials is still the same URL: it cannot vote twice.
  assert.throws(() => loadConfig(["--upstream", "http://a:1@h:1", "--upstream", "http://b:2@h:1"]), /each URL once/);
});

test("the upstreams file's headers are checked, names lower-cased, and kept beside the URL's credentials", () => {
  const read = fakeFiles({
    "/up.json": {
      upstreams: [
        { name: "a", url: "http://h:1", path: "/x", headers: { "X-Api-Key": "k1", "User-Agent": "qp" } },
        { name: "b", url: "http://bob:pw@h:2", headers: { "x-tenant": "t" } },
        { name: "c", url: "http://h:3", headers: { Authorization: "Bearer tok" } },
        { name: "d", url: "http://h:4", headers: {} },
      ],
    },
  });
  const { config } = loadConfig(["--upstreams-config", "/up.json"], {}, read);
  assert.deepEqual(config.upstreams, [
    { name: "a", url: "http://h:1", headers: { "x-api-key": "k1", "user-agent": "qp" } },
    { name: "b", url: "http://h:2", headers: { "x-tenant": "t", authorization: basic("bob:pw") } },
    { name: "c", url: "http://h:3", headers: { authorization: "Bearer tok" } },
    { name: "d", url: "http://h:4" },
  ]);
});

test("bad headers are rejected in one line that shows their names, never their values", () => {
  const bad: [unknown, RegExp][] = [
    [{ "x-k": "SECRETVALUE\r\nx-evil: 1" }, /without CR, LF/],
    [{ "x-k": "SECRETVALUE\n" }, /without CR, LF/],
    [{ "x-k": 42 }, /string values/],
    [{ "bad name": "SECRETVALUE" }, /RFC 9110 tokens/],
    ["Bearer SECRETVALUE", /an object of header names/],
    [["SECRETVALUE"], /an object of header names/],
    [{ Host: "SECRETVALUE" }, /headers other than host/],
    [{ "X-K": "SECRETVALUE", "x-k": "SECRETVALUE" }, /each header name once/],
  ];
  for (const [headers, rule] of bad) {
    const read = fakeFiles({ "/up.json": { upstreams: [{ name: "a", url: "http://h:1", headers }] } });
    assert.throws(() => loadConfig(["--upstreams-config", "/up.json"], {}, read), (e: unknown) => {
      assert.ok(e instanceof ConfigError && !e.message.includes("\n"), String(e));
      assert.match(e.message, rule);
      assert.ok(!e.message.includes("SECRETVALUE"), e.message);
      assert.match(e.message, /\*\*\*/);
      return true;
    });
  }
  const both = fakeFiles({ "/up.json": { upstreams: [{ url: "http://u:SECRETVALUE@h:1", headers: { authorization: "Bearer SECRETVALUE" } }] } });
  assert.throws(() => loadConfig(["--upstreams-config", "/up.json"], {}, both), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /credentials in the URL or an authorization header, not both/);
    assert.ok(!e.message.includes("SECRETVALUE"), e.message);
    return true;
  });
});

test("a config error never shows a URL's userinfo, from a flag, a config file or a broken upstreams file", () => {
  const cases: [string[], Record<string, string | object>][] = [
    [["--upstream", "http://user:SECRETVALUE@h:1/?x=1"], {}],
    [["--upstream", "a=ftp://user:SECRETVALUE@h:1"], {}],
    [["--upstream", "bad name=http://user:SECRETVALUE@h:1"], {}],
    [["--upstream", "http://u%zz:SECRETVALUE@h:1"], {}],
    [["--config", "/cfg.json"], { "/cfg.json": { upstream: ["http://user:SECRETVALUE@h:1", { url: "http://user:SECRETVALUE@h:2", weight: 1 }] } }],
    [["--config", "/cfg.json"], { "/cfg.json": { upstream: ["http://user:SECRETVALUE@h:1", null] } }],
    [["--upstreams-config", "/up.json"], { "/up.json": '{"upstreams":[{"url":"http://user:SECRETVALUE@h:1", x "headers":{"x-k":"SECRETVALUE"}}]}' }],
    [["--upstreams-config", "/up.json"], { "/up.json": '{"upstreams":[{"url":"http://user:SECRETVALUE@h:1", "headers":{"x-k":"SECRETVALUE"}} x]}' }],
  ];
  for (const [argv, files] of cases) {
    assert.throws(() => loadConfig(argv, {}, fakeFiles(files)), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.ok(!e.message.includes("SECRETVALUE"), e.message);
      assert.ok(!JSON.stringify(e.detail).includes("SECRETVALUE"), JSON.stringify(e.detail));
      return true;
    });
  }
});
