/**
 * `quorumpoint devnet` (runDevnetCommand): prints each node and the upstreams config in
 * the Zig leanpoint's format, writes it to a file, serves until asked to stop, exits 0.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pino } from "pino";
import { runDevnetCommand } from "../../src/cli/devnet-command.js";
import { eventually } from "../support/eventually.js";

test("prints URLs and the upstreams config, writes the file, serves, then stops on request", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "quorumpoint-devnet-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "upstreams.json");
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString()));
  const stop = new AbortController();

  const done = runDevnetCommand({
    nodes: 3,
    portBase: 0,
    behaviours: "http-error:1",
    slotMs: 4000,
    stateMb: 0.02,
    upstreamsFile: file,
    logger: pino({ level: "silent" }),
    signal: stop.signal,
    out,
  });
  await eventually(() => text.includes("]\n}\n"), { timeoutMs: 10_000, intervalMs: 10, message: () => `the upstreams config printed; so far: ${JSON.stringify(text)}` });

  const config = JSON.parse(readFileSync(file, "utf8")) as { upstreams: { name: string; url: string; path: string }[] };
  assert.equal(config.upstreams.length, 3);
  for (const [i, u] of config.upstreams.entries()) {
    assert.equal(u.name, `node-${i}`);
    assert.match(u.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(u.path, "/lean/v0/states/finalized");
    assert.ok(text.includes(`${u.name}  ${u.url}  ${i === 2 ? "http-error" : "healthy"}`), text);
  }
  assert.ok(text.includes(JSON.stringify(config, null, 2)));
  assert.equal((await fetch(config.upstreams[0].url + config.upstreams[0].path)).status, 200);
  assert.equal((await fetch(config.upstreams[2].url + config.upstreams[2].path)).status, 503);

  stop.abort();
  assert.equal(await done, 0);
  await assert.rejects(fetch(config.upstreams[0].url + "/lean/v0/health"));
});
