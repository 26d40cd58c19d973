/**
 * The beacon mode's acceptance test, with real Lodestar 1.5.1 nodes on loopback: a dev chain
 * (its validators) is quorumpoint's upstream; quorumpoint (--chain beacon) verifies its
 * finalized checkpoint states and serves them; a Lodestar follower started with
 * --checkpointSyncUrl pointing at quorumpoint (through the recording proxy) anchors at the
 * state quorumpoint verified, with exactly Lodestar's two requests, and syncs to the head.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, resolveConfig } from "../../../src/config/index.js";
import { startDaemon, type RunningDaemon } from "../../../src/daemon/index.js";
import { eventually } from "../../support/eventually.js";
import { finalityCheckpoints, stateRoot, waitFinalizedEpoch } from "../../support/lodestar-api.js";
import { ensureLodestar } from "../../support/lodestar-install.js";
import { SLOTS_PER_EPOCH, startLodestarDev, startLodestarFollower, stopAllLodestar, waitFollowerSynced } from "../../support/lodestar.js";
import type { LodestarDevNode } from "../../support/lodestar.js";
import { requestLines, startRecordingProxy, type RecordingProxy } from "../../support/recording-proxy.js";

const INSTALL_TIMEOUT_MS = 900_000;
const FINALITY_TIMEOUT_MS = 180_000;

let dev: LodestarDevNode;
let daemon: RunningDaemon | undefined;
let proxy: RecordingProxy | undefined;

before(async () => {
  await ensureLodestar();
  dev = await startLodestarDev();
}, { timeout: INSTALL_TIMEOUT_MS });

after(async () => {
  await proxy?.close();
  await daemon?.close();
  await stopAllLodestar();
});

interface Served { served: { slot: number; root: string; state_root: string } | null }

test("quorumpoint verifies a real Lodestar's finalized states, and a Lodestar follower checkpoint-syncs from it", { timeout: 600_000 }, async () => {
  await waitFinalizedEpoch(dev.restUrl, 3, FINALITY_TIMEOUT_MS);
  const { config } = resolveConfig({
    chain: "beacon", upstream: [`lodestar=${dev.restUrl}`], port: 0, pollIntervalMs: 2000, timeoutMs: 1500, staleAfterMs: 60_000, logLevel: "silent",
  });
  daemon = await startDaemon(config, { logger: createLogger("silent") });
  const d = daemon;

  // quorumpoint serves the dev chain's finalized checkpoint state, verified.
  let upstreamLine = "";
  const status = await eventually(async () => {
    const u = (await (await fetch(`${d.url}/api/upstreams`)).json()) as { upstreams: Array<{ last_error: string | null; last_error_message: string | null }> };
    upstreamLine = `${u.upstreams[0]?.last_error}: ${u.upstreams[0]?.last_error_message}`;
    const s = (await (await fetch(`${d.url}/status`)).json()) as Served;
    return s.served !== null && s.served.slot >= 3 * SLOTS_PER_EPOCH ? s : null;
  }, { timeoutMs: 60_000, intervalMs: 500, message: () => `quorumpoint serves a finalized checkpoint of the dev chain; upstream: ${upstreamLine}` });
  const { slot, root } = status.served!;
  assert.equal(slot % SLOTS_PER_EPOCH, 0, "a checkpoint state is at its epoch's first slot");
  assert.equal(status.served!.state_root, await stateRoot(dev.restUrl, slot), "the state root the dev node reports for that slot");
  const devHeader = (await (await fetch(`${dev.restUrl}/eth/v1/beacon/blocks/${root}/root`)).json()) as { data: { root: string } };
  assert.equal(devHeader.data.root, root, "the checkpoint root is a block of the dev chain");

  // A Lodestar follower syncs from quorumpoint.
  proxy = await startRecordingProxy(d.url);
  const follower = await startLodestarFollower({ checkpointSyncUrl: proxy.url, bootnode: dev.enr, chain: dev.chain, startTimeoutMs: 120_000 });
  const lines = requestLines(proxy);
  assert.equal(lines.length, 2, `two requests: ${lines.join(", ")}`);
  assert.equal(lines[0], "GET /eth/v1/beacon/states/head/finality_checkpoints");
  const answered = (JSON.parse(proxy.exchanges[0]!.response!.body.toString("utf8")) as { data: { finalized: { epoch: string } } }).data.finalized;
  const anchor = Number(answered.epoch) * SLOTS_PER_EPOCH;
  assert.equal(lines[1], `GET /eth/v2/debug/beacon/states/${anchor}`);
  assert.equal(proxy.exchanges[1]!.response?.status, 200);
  assert.equal(await stateRoot(follower.restUrl, anchor), await stateRoot(dev.restUrl, anchor), "the follower anchored at the state quorumpoint verified");
  const synced = await waitFollowerSynced(follower, dev, 240_000);
  assert.ok(synced.value.slot > anchor, `the follower reached slot ${synced.value.slot}, past its anchor ${anchor}`);
  const f = await finalityCheckpoints(dev.restUrl);
  console.log(`quorumpoint served slot ${slot}; the follower anchored at ${anchor} and reached slot ${synced.value.slot}; dev finalized epoch ${f.finalized.epoch}`);
});
