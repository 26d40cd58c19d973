/**
 * One poll of one beacon node, as a worker runs it (docs/beacon.md):
 *
 * 1. its network (spec, genesis) when the task asks: another one than agreed is wrong_network;
 * 2. the cheap probe: its finalized checkpoint (`finality_checkpoints` of its head);
 * 3. the same checkpoint as its last verified poll: that result again, nothing downloaded;
 * 4. a checkpoint some poll already verified from bytes (the digest cache, by finalized
 *    root): the claim votes for that state without a download. A beacon state is 150-300
 *    MB on mainnet: at steady state a finality change costs one download, not one per node;
 * 5. otherwise this poll claims the checkpoint, downloads its state by slot (not
 *    `finalized`: finality cannot move in between), verifies it (hash_tree_root, the block
 *    root derived from latest_block_header, the slot), fetches and checks its block, and
 *    publishes it. Bytes that are not the claimed checkpoint's are this upstream's lie:
 *    `wrong_root`, and the claim is released, so honest polls still deliver.
 *
 * Upstream faults come back as `{ ok: false, code }`; nothing here throws for them.
 */
import { beaconStateRootShared, checkpointStateMatches, loadBeaconTypes, parseFinalityCheckpoints, verifyBeaconState } from "../../beacon/index.js";
import type { StreamedRoot } from "../../beacon/index.js";
import type { SharedContainerRoot } from "../../merkle/index.js";
import { type BeaconCheckpoint, type BeaconFork, type BeaconNetworkView, type VerifiedBeaconState, forkAtSlot } from "../../model/beacon.js";
import { BEACON_FINALITY, beaconStatePath } from "../../model/beacon-paths.js";
import { QuorumpointError, type UpstreamErrorCode } from "../../model/errors.js";
import type { CheckpointJson, PollOutcome, VerifiedState } from "../../model/outcome.js";
import type { PollTask } from "../../model/task.js";
import { NOT_SSZ } from "../fetch-state.js";
import { boundedGet } from "../http-get.js";
import { type PollContext, withinPollBudget } from "../poll-upstream.js";
import { fetchBeaconBlock } from "./fetch-block.js";
import { getJson } from "./get-json.js";
import { readNetwork } from "./read-network.js";

export function pollBeacon(task: PollTask, ctx: PollContext, startedMs = Date.now()): Promise<PollOutcome> {
  return withinPollBudget(task, ctx, startedMs, pollWithin);
}

async function pollWithin(task: PollTask, ctx: PollContext, startedMs: number, signal: AbortSignal): Promise<PollOutcome> {
  let bytes = 0;
  const fail = (code: UpstreamErrorCode, message: string): PollOutcome => ({
    ok: false, upstream: task.upstream, generation: task.generation, code, message, bytes, startedMs, endedMs: Date.now(),
  });
  const beacon = task.beacon!;

  // 1. The network: this upstream's own until the upstreams agree on one.
  let network: BeaconNetworkView | null = beacon.network;
  let read: BeaconNetworkView | undefined;
  if (beacon.readNetwork || network === null) {
    const got = await readNetwork(ctx.agent, task.url, signal, task.headers, beacon.network);
    bytes += got.bytes;
    if (!got.ok) return fail(got.code, got.message);
    read = got.view;
    network ??= got.view;
  }
  const net = network.network;

  // 2. The probe.
  const probe = await getJson(ctx.agent, task.url + BEACON_FINALITY, signal, task.headers);
  bytes += probe.bytes;
  if (!probe.ok) return fail(probe.code, `finality checkpoints: ${probe.message}`);
  let claim: BeaconCheckpoint;
  let justified: CheckpointJson;
  try {
    const f = parseFinalityCheckpoints(probe.value);
    claim = f.finalized;
    justified = { slot: f.currentJustified.epoch * net.slotsPerEpoch, root: f.currentJustified.root };
  } catch (e) {
    if (e instanceof QuorumpointError) return fail("protocol", e.message);
    throw e;
  }
  const slot = claim.epoch * net.slotsPerEpoch;
  const done = (state: VerifiedState, extra: Partial<Extract<PollOutcome, { ok: true }>> = {}): PollOutcome => ({
    ok: true, upstream: task.upstream, generation: task.generation, state, justified, unchanged: false,
    blockDigest: null, blockEtag: null, blockNote: "not_served", blockRoot: null, bytes, startedMs, endedMs: Date.now(),
    ...(read ? { network: read } : {}), ...extra,
  });

  // 3. Nothing moved since its last verified poll.
  const last = task.lastState;
  if (last && last.finalized.slot === slot && last.finalized.root === claim.root) {
    const block = task.lastBlockDigest !== null;
    return done(last, { unchanged: true, blockDigest: task.lastBlockDigest, blockNote: block ? "served" : "not_served", blockRoot: block ? last.finalized.root : null });
  }

  // 4-5. Verified already, being verified, or ours to verify.
  // The clock, not only the signal: a wait that ends at once past the end yields to no timer,
  // so the budget's abort would never fire and this loop would starve the worker.
  const endMs = Math.min(task.deadlineMs, startedMs + task.timeoutMs);
  for (;;) {
    if (signal.aborted || Date.now() >= endMs) return fail("timeout", "poll budget ran out");
    const r = ctx.cache.lookupOrClaimFinalized(claim.root);
    if (r.kind === "hit") {
      if (r.state.finalized.slot !== slot) return fail("wrong_root", `claims epoch ${claim.epoch} for a checkpoint verified at slot ${r.state.finalized.slot}`);
      if (beacon.disproven) return fail("wrong_root", `claims epoch ${claim.epoch}, but the state it served for a verified checkpoint was another one; its bytes are checked again later`);
      if (!beacon.proveBytes) return done(r.state, { claimOnly: true });
      // Its own bytes, hashed only: SSZ is canonical, so the verified state's bytes are the only ones with its root.
      const got = await boundedGet(ctx.agent, task.url + beaconStatePath(slot), {
        signal, maxBytes: task.maxStateBytes, accept: "application/octet-stream", collect: false, digest: true, received: ctx.received, headers: task.headers,
      });
      bytes += got.bytes;
      if (!got.ok) return fail(got.code, `state at slot ${slot}: ${got.message}`);
      if (NOT_SSZ.test(got.contentType)) return fail("bad_content_type", `expected SSZ, got ${got.contentType}`);
      if (got.digest !== r.state.digest) return fail("wrong_root", `its state for epoch ${claim.epoch} is not the verified one (sha256 ${got.digest} != ${r.state.digest})`);
      return done(r.state);
    }
    if (r.kind === "failed") return fail(r.code, `this checkpoint's state was found invalid: ${r.reason || r.code}`);
    if (r.kind === "pending") {
      ctx.releaseSlot?.();
      const settled = await ctx.cache.waitSettled(r.entry, r.version, Math.max(0, endMs - Date.now()));
      if (signal.aborted) return fail("timeout", "poll budget ran out waiting for another poll's verification");
      if (settled?.kind === "failed") return fail(settled.code, `this checkpoint's state was found invalid: ${settled.reason || settled.code}`);
      continue; // verified (a hit next time), or released or timed out: look again, maybe claim it
    }
    // Ours: download (merkleizing as the bytes arrive, so the root is ready with the last byte), verify, publish.
    let types: Awaited<ReturnType<typeof loadBeaconTypes>>;
    try {
      types = await loadBeaconTypes(net.preset);
    } catch (e) {
      ctx.cache.release(r.entry, r.version); // a claim must never outlive its poll
      throw e;
    }
    const fork = forkAtSlot(net, slot).fork;
    // The body lands in shared memory and is hashed as it does, by this worker and any other that is free.
    let stream = null as SharedContainerRoot | null; // assigned in onBody
    const got = await boundedGet(ctx.agent, task.url + beaconStatePath(slot), {
      signal, maxBytes: task.maxStateBytes, accept: "application/octet-stream", collect: true, digest: true,
      received: ctx.received, headers: task.headers, budget: ctx.budget, sharedBody: true,
      onBody: (body, n) => {
        stream ??= beaconStateRootShared(body, fork, types, ctx.shareWork ?? null);
        stream.received(n);
      },
    });
    bytes += got.bytes;
    const give = (code: UpstreamErrorCode, message: string) => {
      stream?.close();
      ctx.cache.release(r.entry, r.version);
      return fail(code, message);
    };
    if (!got.ok) return give(got.code, `state at slot ${slot}: ${got.message}`);
    if (NOT_SSZ.test(got.contentType)) return give("bad_content_type", `expected SSZ, got ${got.contentType}`);
    if (got.body === null) return give("no_budget", "the state had to be kept to be verified, but the in-flight body budget (--max-inflight-bytes) was spent");
    let v: VerifiedBeaconState;
    try {
      // No Content-Length: the whole body, hashed now.
      const whole = stream ?? beaconStateRootShared(got.body, fork, types, ctx.shareWork ?? null);
      if (stream === null) whole.received(got.body.length);
      const streamed = await finished(whole, fork, signal);
      v = verifyBeaconState(got.body, net, types, streamed);
      const wrong = checkpointStateMatches(v, claim, net.slotsPerEpoch);
      if (wrong !== null) return give("wrong_root", `the state served for epoch ${claim.epoch} is not its checkpoint state: ${wrong}`);
      const block = await fetchBeaconBlock(ctx.agent, task.url, signal, task.headers, v, net, types);
      bytes += block.got;
      if (block.kind === "fail") return give(block.code, block.message);
      const state = verifiedOf(v, got.digest!, net.slotsPerEpoch);
      ctx.cache.publish(r.entry, r.version, state);
      const { units, helped } = whole.stats;
      const outcome = done(state, block.kind === "block"
        ? { blockDigest: block.digest, blockNote: "served", blockRoot: block.root, blockBytes: block.bytes, blockJson: block.json, hashUnits: { units, helped } }
        : { hashUnits: { units, helped } });
      if (outcome.ok) outcome.stateBytes = got.body;
      return outcome;
    } catch (e) {
      if (e instanceof QuorumpointError && e.code === "VERIFY_WRONG_NETWORK") return give("wrong_network", e.message);
      if (e instanceof QuorumpointError && (e.code.startsWith("SSZ_") || e.code.startsWith("VERIFY_"))) return give("bad_ssz", e.message);
      stream?.close();
      ctx.cache.release(r.entry, r.version);
      throw e;
    }
  }
}

/** The root hashed on the way, or undefined when the bytes were refused or the wait ended (verification then merkleizes them, or says why not). */
async function finished(stream: SharedContainerRoot, fork: BeaconFork, signal: AbortSignal): Promise<StreamedRoot | undefined> {
  try {
    return { root: await stream.finish(signal), fork };
  } catch {
    return undefined;
  }
}

/** The lean-shaped record the quorum and the store work on: a beacon checkpoint's slot is its epoch's first. */
export function verifiedOf(v: VerifiedBeaconState, digest: string, slotsPerEpoch: number): VerifiedState {
  return {
    digest, stateRoot: v.stateRoot,
    finalized: { slot: v.slot, root: v.blockRoot },
    stateJustified: { slot: v.currentJustified.epoch * slotsPerEpoch, root: v.currentJustified.root },
    stateFinalized: { slot: v.finalized.epoch * slotsPerEpoch, root: v.finalized.root },
    slot: v.slot, genesisTime: v.genesisTime, size: v.size,
  };
}
