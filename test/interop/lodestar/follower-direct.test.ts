/**
 * The Lodestar harness proves itself with Lodestar alone: a real 1.5.1 dev chain finalizes,
 * a real follower checkpoint-syncs from it through the recording proxy, and the proxy shows
 * the exact requests a Lodestar follower makes. The beacon-mode acceptance tests put
 * quorumpoint where the proxy's target is here.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { finalityCheckpoints, stateRoot, waitFinalizedEpoch } from "../../support/lodestar-api.js";
import { ensureLodestar } from "../../support/lodestar-install.js";
import { SLOTS_PER_EPOCH, followUntil, forkAtEpoch, startLodestarDev, startLodestarFollower, stopAllLodestar, waitFollowerSynced } from "../../support/lodestar.js";
import type { LodestarDevNode } from "../../support/lodestar.js";
import { requestLines, startRecordingProxy } from "../../support/recording-proxy.js";
import type { RecordingProxy } from "../../support/recording-proxy.js";

/** A cold install is about a minute on two cores; a loaded machine may take several. */
const INSTALL_TIMEOUT_MS = 900_000;
/** Finality at epoch 3 comes some 45 s after genesis; three times that for a loaded machine. */
const FINALITY_TIMEOUT_MS = 180_000;

let dev: LodestarDevNode;
let proxy: RecordingProxy | undefined;

/** Durations for the log only (never asserted): what a slower machine should budget for. */
const took = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

before(async () => {
  const t0 = Date.now();
  await ensureLodestar();
  console.log(`lodestar install (or its stamp check): ${took(t0)}`);
  dev = await startLodestarDev();
}, { timeout: INSTALL_TIMEOUT_MS });

after(async () => {
  await stopAllLodestar();
  await proxy?.close();
});

test("a Lodestar follower checkpoint-syncs from the dev chain through the proxy with exactly two requests, then reaches its head", { timeout: 600_000 }, async () => {
  await waitFinalizedEpoch(dev.restUrl, 3, FINALITY_TIMEOUT_MS);
  console.log(`dev chain finalized epoch 3 ${took(dev.genesisTime * 1000)} after genesis`);
  const t1 = Date.now();
  proxy = await startRecordingProxy(dev.restUrl);
  const follower = await startLodestarFollower({ checkpointSyncUrl: proxy.url, bootnode: dev.enr, chain: dev.chain, startTimeoutMs: 120_000 });

  // Its REST API answers only once its anchor state is loaded: both requests are behind it.
  assert.equal(proxy.exchanges.length, 2, `two requests: ${requestLines(proxy).join(", ")}`);
  const [first, second] = proxy.exchanges;
  assert.equal(first.accept, "*/*");
  assert.equal(first.response?.status, 200);
  const served = (JSON.parse(first.response!.body.toString("utf8")) as { data: { finalized: { epoch: string; root: string } } }).data.finalized;
  const epoch = Number(served.epoch);
  assert.ok(epoch >= 3, `the dev chain had finalized epoch ${epoch}`);
  const version = forkAtEpoch(dev.chain, epoch) === "phase0" ? "v1" : "v2";
  assert.deepEqual(requestLines(proxy), [
    "GET /eth/v1/beacon/states/head/finality_checkpoints",
    `GET /eth/${version}/debug/beacon/states/${epoch * SLOTS_PER_EPOCH}`,
  ]);
  assert.equal(second.accept, "application/octet-stream");
  assert.equal(second.response?.status, 200);
  assert.equal(second.response?.contentType, "application/octet-stream");

  // It anchored at the state it was served (its own finality_checkpoints would say the state's older fields).
  const anchorSlot = epoch * SLOTS_PER_EPOCH;
  assert.equal(await stateRoot(follower.restUrl, anchorSlot), await stateRoot(dev.restUrl, anchorSlot));

  const synced = await waitFollowerSynced(follower, dev, 240_000);
  assert.ok(synced.value.slot > anchorSlot, `the follower reached slot ${synced.value.slot}, past its anchor`);

  // Both nodes read at once may straddle an epoch boundary: wait for one answer from both.
  let seen = "";
  const same = await followUntil(follower, dev, "the follower's finalized checkpoint equals the dev node's, past the anchor", async () => {
    const [a, b] = await Promise.all([finalityCheckpoints(follower.restUrl), finalityCheckpoints(dev.restUrl)]);
    seen = `follower ${JSON.stringify(a.finalized)}, dev ${JSON.stringify(b.finalized)}`;
    return a.finalized.epoch === b.finalized.epoch && a.finalized.root === b.finalized.root && a.finalized.epoch > epoch;
  }, 180_000).catch((e: Error) => assert.fail(`${e.message}; last seen: ${seen}`));

  assert.equal(proxy.exchanges.length, 2, `no further request to the checkpoint URL: ${requestLines(proxy).join(", ")}`);
  console.log(`follower: anchor epoch ${epoch}, reached slot ${synced.value.slot} with ${synced.redials + same.redials} re-dial(s), ${took(t1)} from its start`);
});
