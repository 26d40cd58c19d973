/**
 * A mainnet-preset beacon devnet with 100 000 validators starts and serves a finalized
 * state that @lodestar/types decodes and hashes to the root the devnet expects. The
 * million-validator case is `node dist/scripts/beacon-devnet-size.js 1000000` (it needs
 * over a GB to verify in one process: too much beside the other tests).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startDevnet } from "../../src/devnet/index.js";
import type { BeaconDevnetHandle } from "../../src/devnet/index.js";
import { BEACON_PATHS } from "../../src/devnet/beacon/paths.js";
import { toHex } from "../../src/model/hex.js";

// The default preset (mainnet) in this process too.
const { ssz } = await import("@lodestar/types");
const VALIDATORS = 100_000;

let dn: BeaconDevnetHandle;

before(async () => {
  dn = await startDevnet({ chain: "beacon", nodes: 2, validators: VALIDATORS, clock: "paused" });
});

after(() => dn.close());

test("100 000 validators: the finalized state is served as SSZ and proves the expected roots", async () => {
  const x = await dn.control.advanceFinality();
  const res = await fetch(dn.urls[1] + BEACON_PATHS.finalizedState, { headers: { accept: "application/octet-stream" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("eth-consensus-version"), "fulu");
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.equal(bytes.length, x.stateSize);
  const view = ssz.fulu.BeaconState.deserializeToViewDU(bytes);
  assert.equal(view.validators.length, VALIDATORS);
  assert.equal(view.slot, x.slot);
  assert.equal(toHex(view.hashTreeRoot()), x.stateRoot);
  const h = view.latestBlockHeader.toValue();
  const filled = h.stateRoot.every((b) => b === 0) ? view.hashTreeRoot() : h.stateRoot;
  const root = ssz.phase0.BeaconBlockHeader.hashTreeRoot({ slot: h.slot, proposerIndex: h.proposerIndex, parentRoot: h.parentRoot, stateRoot: filled, bodyRoot: h.bodyRoot });
  assert.equal(toHex(root), x.root);
});
