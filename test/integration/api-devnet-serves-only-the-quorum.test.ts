/**
 * The daemon on an embedded devnet of 7 nodes: 4 honest, 2 on a fork (a minority), 1
 * serving bytes that do not hash to what its block claims. Over several finality steps
 * the API serves only the honest chain, and what it serves checks out from the bytes alone.
 */
import { test } from "node:test";
import { eventually } from "../support/eventually.js";
import assert from "node:assert/strict";
import pino from "pino";
import { resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import { stateDigest, verifyState } from "../../src/lean/index.js";

const HONEST = [0, 1, 2, 3];
const FORKED = [4, 5];
const WRONG_ROOT = 6;

// biome-ignore lint/suspicious/noExplicitAny: the test reads whichever JSON the API answers and asserts its fields
async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** Wait for `fn` to give a value other than null, with a deadline (the forked-minority run takes ~30 s on 2 cores). */
function until<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  return eventually(async () => (await fn()) ?? false, { timeoutMs, intervalMs: 100, message: what }) as Promise<T>;
}

test("forked minority and wrong-root bytes are never served; served bytes hash to the ETag and the checkpoint", async (t) => {
  const { config } = resolveConfig({
    devnet: 7, devnetFaults: "forked:2,wrong-root:1", stateMb: 0.2, slotMs: 600, pollIntervalMs: 1000,
    bind: "127.0.0.1", port: 0, workers: 2, logLevel: "silent",
  });
  const daemon = await startDaemon(config, { logger: pino({ level: "silent" }) });
  t.after(() => daemon.close());
  const devnet = daemon.devnet!;
  const api = daemon.url;

  // What the wrong-root node serves, straight from it: those bytes must never come back from us.
  const wrongBytes = new Uint8Array(await (await fetch(`${devnet.urls[WRONG_ROOT]}/lean/v0/states/finalized`)).arrayBuffer());
  const wrongDigests = new Set([stateDigest(wrongBytes)]);

  const servedRoots = new Set<string>();
  const servedDigests = new Set<string>();
  const forkRoots = new Set<string>();
  const firstSlot = await until("a served state", async () => {
    const { status, body } = await getJson(`${api}/status`);
    return status === 200 && body.state === "fresh" ? (body.served.slot as number) : null;
  });

  // Watch while finality advances: several checkpoints pass through the store.
  await until("three finality steps served", async () => {
    const res = await fetch(`${api}/lean/v0/states/finalized`);
    if (res.status === 200) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      const v = verifyState(bytes);
      assert.equal(res.headers.get("etag"), `"${v.stateRoot}"`, "ETag = hash_tree_root of the bytes sent");
      assert.equal(res.headers.get("x-quorumpoint-finalized-root"), v.finalized.root);
      servedRoots.add(v.finalized.root);
      servedDigests.add(v.digest);
    }
    const { body } = await getJson(`${api}/api/upstreams`);
    for (const i of FORKED) if (body.upstreams[i].finalized) forkRoots.add(body.upstreams[i].finalized.root);
    const wrong = await (await fetch(`${devnet.urls[WRONG_ROOT]}/lean/v0/states/finalized`)).arrayBuffer();
    wrongDigests.add(stateDigest(new Uint8Array(wrong)));
    const slot = body.upstreams[0].last_finalized_slot as number | null;
    return slot !== null && slot >= firstSlot + 3 * 3 && servedRoots.size >= 3 ? true : null;
  });

  assert.ok(forkRoots.size > 0, "the forked nodes answered with their own checkpoints");
  for (const r of forkRoots) assert.ok(!servedRoots.has(r), `fork root ${r} was served`);
  for (const d of wrongDigests) assert.ok(!servedDigests.has(d), "the wrong-root node's bytes were served");
  const { body: ups } = await getJson(`${api}/api/upstreams`);
  assert.equal(ups.upstreams[WRONG_ROOT].last_error, "wrong_root");
  assert.ok(ups.upstreams[WRONG_ROOT].error_count > 0);
  for (const i of FORKED) assert.equal(ups.upstreams[i].agrees, false);

  // Hold finality still, so the state and the checkpoint endpoints answer about the same checkpoint.
  await devnet.control.pauseFinality();
  const honest = await devnet.control.expected(0);
  const fork = await devnet.control.expected(1);
  assert.notEqual(honest.finalized.root, fork.finalized.root);
  const served = await until("the paused checkpoint served", async () => {
    const res = await fetch(`${api}/lean/v0/states/finalized`);
    if (res.status !== 200) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    const v = verifyState(bytes);
    return v.finalized.slot === honest.finalized.slot ? { v, etag: res.headers.get("etag"), length: res.headers.get("content-length"), bytes } : null;
  });
  assert.deepEqual(served.v.finalized, honest.finalized, "the honest majority's checkpoint is served");
  assert.equal(served.v.stateRoot, honest.stateRoot);
  assert.equal(served.etag, `"${honest.stateRoot}"`);
  assert.equal(served.length, String(served.bytes.length));
  const checkpoint = await getJson(`${api}/lean/v0/checkpoints/finalized`);
  assert.equal(checkpoint.status, 200);
  assert.deepEqual(checkpoint.body, served.v.finalized, "the block root derived from the served bytes is /checkpoints/finalized");
  const status = (await getJson(`${api}/status`)).body;
  assert.equal(status.served.root, honest.finalized.root);
  assert.equal(status.quorum.decision, "agreed");
  assert.equal(status.quorum.agreeing, HONEST.length);
  assert.equal((await fetch(`${api}/healthz`)).status, 200);
  const metrics = await (await fetch(`${api}/metrics`)).text();
  assert.match(metrics, new RegExp(`quorumpoint_consensus_served_finalized_slot ${honest.finalized.slot}\\b`));
  assert.match(metrics, /quorumpoint_upstream_errors_total\{upstream="node-6",code="wrong_root"\} [1-9]/);
});
