/**
 * What each thread loads is memory: every isolate pays for the code it imports (undici's
 * index ~22 MB of RSS, its Agent module ~12, @chainsafe/ssz ~17). These tests hold the
 * module graph to what each side needs, in a fresh node process per check, since a test
 * process has long since loaded everything.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../../", import.meta.url));

const HOOKS = new URL("../support/record-imports-hooks.js", import.meta.url).href;

/**
 * The packages (under node_modules) a fresh process has loaded after importing `modules`:
 * CommonJS ones from require.cache, ES modules from the loader hooks' record.
 */
function packagesLoadedBy(modules: string[], then = ""): string[] {
  const record = path.join(mkdtempSync(path.join(tmpdir(), "qp-imports-")), "modules.txt");
  const script = `
    const { createRequire, register } = await import("node:module");
    register(${JSON.stringify(HOOKS)}, { data: { file: ${JSON.stringify(record)} } });
    for (const m of ${JSON.stringify(modules)}) await import(${JSON.stringify(DIST)} + m);
    ${then}
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache)));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const cjs = JSON.parse(out.trim().split("\n").pop()!) as string[];
  const esm = readFileSync(record, "utf8").split("\n").filter(Boolean).map((u) => (u.startsWith("file:") ? fileURLToPath(u) : u));
  rmSync(path.dirname(record), { recursive: true, force: true });
  return [...new Set([...cjs, ...esm])].filter((p) => p.includes("node_modules/")).map((p) => p.split("node_modules/").pop()!);
}

const isIndexOf = (pkg: string) => (p: string) => p === `${pkg}/index.js`;
const isPackage = (pkg: string) => (p: string) => p.startsWith(`${pkg}/`);

test("the daemon's main thread (its entry, pool, dispatcher, server) loads neither undici nor the SSZ library: only the workers poll", () => {
  const loaded = packagesLoadedBy(["src/cli/serve-command.js", "src/daemon/index.js", "src/round/pool.js", "src/round/dispatcher.js", "src/balance/index.js"]);
  assert.ok(loaded.some(isPackage("piscina")), "piscina is the pool");
  assert.ok(!loaded.some(isPackage("undici")), `undici loaded on the main thread: ${loaded.filter(isPackage("undici")).slice(0, 3)}`);
  assert.ok(!loaded.some(isPackage("@chainsafe/ssz")), "the SSZ library loaded on the main thread");
});

test("a poll worker's HTTP module loads undici's Agent, not undici's index (fetch, WebSocket, mocks, ...)", () => {
  const loaded = packagesLoadedBy(["src/worker/http-get.js"]);
  assert.ok(loaded.includes("undici/lib/dispatcher/agent.js"));
  assert.ok(!loaded.some(isIndexOf("undici")), "undici's index was loaded");
  assert.ok(!loaded.some((p) => p.startsWith("undici/lib/web/")), "undici's web APIs (fetch, WebSocket) were loaded");
});

test("createAgent's Agent is undici's Agent class itself", async () => {
  const { Agent } = await import("undici");
  const { createAgent } = await import("../../src/worker/http-get.js");
  const { phasesFor } = await import("../../src/model/phases.js");
  const agent = createAgent(phasesFor(1000));
  try {
    assert.ok(agent instanceof Agent);
  } finally {
    await agent.close();
  }
});

test("a bench runner loads only the engine of its configuration", () => {
  const create = (config: string) => `
    const { createEngine } = await import(${JSON.stringify(DIST)} + "bench/engines/index.js");
    const e = await createEngine("${config}", { urls: ["http://127.0.0.1:9"], workers: 1, cap: 1, timeoutMs: 1000, intervalMs: 4000, maxStateBytes: 1024 });
    await e.close();`;
  const quorumpoint = packagesLoadedBy([], create("quorumpoint"));
  assert.ok(quorumpoint.some(isPackage("piscina")));
  assert.ok(!quorumpoint.some(isPackage("undici")), "the quorumpoint runner's main thread loaded undici (naive's engine?)");
  assert.ok(!quorumpoint.some(isPackage("@chainsafe/ssz")), "the quorumpoint runner's main thread loaded the SSZ library");
  const naive = packagesLoadedBy([], create("naive"));
  assert.ok(naive.some(isPackage("undici")), "naive polls on its main thread: it needs undici");
  assert.ok(!naive.some(isPackage("piscina")), "the naive runner loaded the pool");
});
