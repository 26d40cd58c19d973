/**
 * Upstream credentials reach the upstream and nothing else. The real daemon polls loopback
 * servers that record what they receive: one at `http://user:secret@127.0.0.1:PORT` (Basic
 * auth), one from an upstreams file with `headers` (a bearer token and an API key), and two
 * that fail (a 503 and a refused port) with credentials of their own, so that error
 * messages embedding the URL are built. The servers must get the credentials on every
 * request; no output (/api/upstreams, /status, /metrics, the other JSON routes, every log
 * line at trace level, stderr) may hold a secret, a header value or the Basic token.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnDaemon, waitForJson } from "../support/spawn-daemon.js";
import { makeTestState } from "../support/lean-state.js";
import { testServers } from "../support/misbehaving-servers.js";

const BASIC = `Basic ${Buffer.from("user:secret").toString("base64")}`;
const BEARER = "Bearer tok-HEADERVALUE-1";
const API_KEY = "key-HEADERVALUE-2";
/** Nothing the daemon shows may contain any of these. */
const SECRETS = ["secret", "HEADERVALUE", Buffer.from("user:secret").toString("base64")];

interface Seen {
  path: string;
  authorization: string | undefined;
  apiKey: string | undefined;
}

/** Serves one state (no block: 404) to requests that carry `authorization`; 401 to others. Records every request. */
async function recordingServer(bytes: Uint8Array, authorization: string): Promise<{ port: number; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? "", authorization: req.headers.authorization, apiKey: req.headers["x-api-key"] as string | undefined });
    if (req.headers.authorization !== authorization) return void res.writeHead(401, { "www-authenticate": "Basic" }).end();
    if (req.url !== "/lean/v0/states/finalized") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port, seen,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

interface UpstreamsJson {
  upstreams: Array<{ name: string; url: string; headers?: string[]; healthy: boolean; last_error: string | null; last_error_message: string | null }>;
}

type Upstream = UpstreamsJson["upstreams"][number];

/**
 * Runs the daemon at trace level until `healthy` upstreams answered and the rest failed, and
 * something is served; returns /api/upstreams by name and every output there is to inspect.
 */
async function observe(t: { after(fn: () => unknown): void }, args: string[], total: number, healthy: number) {
  const d = await spawnDaemon([
    ...args, "--log-level", "trace", "--quorum-of", "answering",
    "--poll-interval-ms", "500", "--timeout-ms", "400", "--stale-after-ms", "20000",
  ]);
  let stderr = "";
  d.child.stderr!.on("data", (b) => (stderr += String(b)));
  t.after(() => d.stop());
  const ups = await waitForJson<UpstreamsJson>(`${d.url}/api/upstreams`, (j) =>
    j.upstreams.length === total && j.upstreams.filter((u) => u.healthy).length === healthy
    && j.upstreams.filter((u) => u.last_error !== null).length === total - healthy, 30_000);
  await waitForJson<{ served: unknown; last_round: { round: number } | null }>(`${d.url}/status`, (j) => j.served !== null && (j.last_round?.round ?? 0) >= 3, 30_000);
  const outputs: Record<string, string> = {};
  for (const route of ["/api/upstreams", "/status", "/metrics", "/api/lanes", "/lean/v0/health", "/"]) {
    outputs[route] = await (await fetch(`${d.url}${route}`)).text();
  }
  await d.stop();
  assert.ok(d.lines.some((l) => l.msg === "poll failed"), "debug 'poll failed' lines are there to inspect");
  assert.ok(d.lines.some((l) => (l.level as number) <= 20), "debug-level lines were captured");
  outputs.logs = d.lines.map((l) => JSON.stringify(l)).join("\n");
  outputs.stderr = stderr;
  return { byName: new Map<string, Upstream>(ups.upstreams.map((u) => [u.name, u])), outputs };
}

function assertNothingShown(outputs: Record<string, string>): void {
  for (const [where, text] of Object.entries(outputs)) {
    for (const secret of SECRETS) {
      const at = text.indexOf(secret);
      assert.ok(at < 0, `${where} shows ${secret}: ${text.slice(Math.max(0, at - 200), at + 100)}`);
    }
  }
}

const escaped = (url: string): string => url.replaceAll(".", "\\.");
const withUserinfo = (url: string): string => url.replace("http://", "http://user:secret@");
const POLL_PATHS = ["/lean/v0/blocks/finalized", "/lean/v0/states/finalized", "/lean/v0/checkpoints/justified"];

test("userinfo in an upstream URL goes as Basic auth on every request and is shown nowhere", async (t) => {
  const state = makeTestState(40);
  const basic = await recordingServer(state.bytes, BASIC);
  const servers = testServers();
  const failing = await servers.start("http-503", state.bytes); // no block (404), 503 for the state
  const refused = await servers.refusedUrl();
  t.after(() => Promise.all([basic.close(), servers.closeAll()]));

  const { byName, outputs } = await observe(t, [
    "--upstream", `http://user:secret@127.0.0.1:${basic.port}`,
    "--upstream", `failing=${withUserinfo(failing)}`,
    "--upstream", `refused=${withUserinfo(refused)}`,
  ], 3, 1);

  // Sent: every request carried the credentials, none put them in the path.
  assert.ok(basic.seen.length >= 3, `requests: ${basic.seen.length}`);
  for (const s of basic.seen) assert.deepEqual([s.authorization, s.apiKey], [BASIC, undefined], s.path);
  for (const p of POLL_PATHS) assert.ok(basic.seen.some((s) => s.path === p), `a GET ${p}`);

  // Shown: the URL without userinfo, the header's name only, error messages that name the URL redacted.
  const shown = byName.get(`127.0.0.1:${basic.port}`)!;
  assert.equal(shown.url, `http://127.0.0.1:${basic.port}`);
  assert.deepEqual(shown.headers, ["authorization"]);
  assert.equal(byName.get("failing")!.last_error, "http_503");
  assert.match(byName.get("failing")!.last_error_message!, new RegExp(`HTTP 503 from ${escaped(failing)}/`));
  assert.equal(byName.get("refused")!.last_error, "refused");
  assert.match(byName.get("refused")!.last_error_message!, new RegExp(`connection refused \\(${escaped(refused)}/`));
  assert.match(outputs["/metrics"]!, /upstream="failing"/);
  assertNothingShown(outputs);
});

test("headers from the upstreams file go with every request and only their names are shown", async (t) => {
  const state = makeTestState(40);
  const bearer = await recordingServer(state.bytes, BEARER);
  const servers = testServers();
  const refused = await servers.refusedUrl();
  const dir = mkdtempSync(path.join(tmpdir(), "qp-credentials-"));
  t.after(async () => {
    await Promise.all([bearer.close(), servers.closeAll()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const file = path.join(dir, "upstreams.json");
  writeFileSync(file, JSON.stringify({
    upstreams: [
      { name: "bearer", url: `http://127.0.0.1:${bearer.port}`, path: "/lean/v0/states/finalized", headers: { Authorization: BEARER, "X-Api-Key": API_KEY } },
      { name: "refused", url: withUserinfo(refused), headers: { "X-Api-Key": API_KEY } },
    ],
  }));

  const { byName, outputs } = await observe(t, ["--upstreams-config", file], 2, 1);

  assert.ok(bearer.seen.length >= 3, `requests: ${bearer.seen.length}`);
  for (const s of bearer.seen) assert.deepEqual([s.authorization, s.apiKey], [BEARER, API_KEY], s.path);
  for (const p of POLL_PATHS) assert.ok(bearer.seen.some((s) => s.path === p), `a GET ${p}`);

  assert.equal(byName.get("bearer")!.url, `http://127.0.0.1:${bearer.port}`);
  assert.deepEqual(byName.get("bearer")!.headers, ["authorization", "x-api-key"]);
  assert.deepEqual(byName.get("refused")!.headers, ["x-api-key", "authorization"]);
  assert.match(byName.get("refused")!.last_error_message!, new RegExp(`connection refused \\(${escaped(refused)}/`));
  assertNothingShown(outputs);
});
