/**
 * One poll of one upstream, as a worker runs it:
 *
 * 1. the aux call for the justified checkpoint starts alongside (a quarter of the bound);
 * 2. the cheap probe: GET the finalized block (If-None-Match its last ETag, when the
 *    upstream sends ETags); a 304, or a digest equal to the last poll's, means the finalized
 *    checkpoint has not moved and the last verified result is reused (no state download: a
 *    few KB, or nothing but headers, instead of up to 16 MB);
 * 3. otherwise GET the finalized state, streamed with the size cap and digested on the fly,
 *    kept in memory only by the one poll that verifies it (fetch-state.ts);
 * 4. the digest cache decides who merkleizes: once per distinct state across all workers;
 * 5. the block, when served, must match the state (state_root and block root), or the
 *    upstream is lying about its bytes: `wrong_root`. A matching block goes to the main
 *    thread with the outcome: it is what quorumpoint serves beside the state.
 *
 * Upstream faults come back as `{ ok: false, code }`; nothing here throws for them.
 */
import type { SplitJob } from "../merkle/index.js";
import type { Agent } from "undici";
import { QuorumpointError, type UpstreamErrorCode } from "../model/errors.js";
import { isHex, readSignedBlock, toHex } from "../lean/index.js";
import type { SignedBlockFields } from "../lean/index.js";
import type { DigestCache } from "../shm/digest-cache.js";
import { budget } from "./budget.js";
import { NOT_SSZ, fetchState } from "./fetch-state.js";
import { boundedGet, type GetResult } from "./http-get.js";
import type { BodyHold } from "./http-handler.js";
import { AUX_MAX_BYTES, BLOCK_MAX_BYTES, PATH_BLOCK, PATH_JUSTIFIED, auxTimeoutMs, type PollTask } from "../model/task.js";
import type { CheckpointJson, PollOutcome } from "../model/outcome.js";

const SSZ = "application/octet-stream";

export interface PollContext {
  agent: Agent;
  cache: DigestCache;
  /** Aborts every poll of this worker at shutdown. */
  shutdown: AbortSignal;
  /**
   * Give this poll's slot back early: called once the poll is done with the network and
   * only waits for another poll's verification of the same bytes (slots-layout.ts).
   */
  releaseSlot?: () => void;
  /** Told the length of each state-body chunk received: the bulk of a poll's bytes (reclaim.ts). */
  received?: (bytes: number) => void;
  /** This poll's share of the workers' body budget (worker/body-hold.ts): every kept body byte is reserved there. */
  budget?: BodyHold;
  /** Announces a shared hashing job to the other workers (worker/merkle-channel.ts); absent, a poll hashes alone. */
  shareWork?: (job: SplitJob) => void;
}

export function pollUpstream(task: PollTask, ctx: PollContext, startedMs = Date.now()): Promise<PollOutcome> {
  return withinPollBudget(task, ctx, startedMs, pollWithin);
}

/**
 * Run one poll of either chain under its budget, min(round deadline - now, --timeout-ms),
 * joined with the worker's shutdown: `run` gets the signal that ends its requests.
 */
export async function withinPollBudget(task: PollTask, ctx: PollContext, startedMs: number,
  run: (task: PollTask, ctx: PollContext, startedMs: number, signal: AbortSignal) => Promise<PollOutcome>): Promise<PollOutcome> {
  const budgetMs = Math.min(task.deadlineMs - startedMs, task.timeoutMs);
  if (budgetMs <= 0) {
    return { ok: false, upstream: task.upstream, generation: task.generation, code: "timeout",
      message: "no time left in the round when the poll started", bytes: 0, startedMs, endedMs: Date.now() };
  }
  const b = budget(budgetMs, ctx.shutdown);
  try {
    return await run(task, ctx, startedMs, b.signal);
  } finally {
    b.dispose();
  }
}

async function pollWithin(task: PollTask, ctx: PollContext, startedMs: number, signal: AbortSignal): Promise<PollOutcome> {
  let bytes = 0;
  const fail = (code: UpstreamErrorCode, message: string): PollOutcome => ({
    ok: false, upstream: task.upstream, generation: task.generation, code, message, bytes, startedMs, endedMs: Date.now(),
  });

  const justifiedP = fetchJustified(task, ctx, signal);

  // 2. The probe: conditional when the upstream gave an ETag last time (304: no body at all).
  const conditional = task.lastState ? task.lastBlockEtag : null;
  const probe = await boundedGet(ctx.agent, task.url + PATH_BLOCK, {
    signal, maxBytes: BLOCK_MAX_BYTES, accept: SSZ, collect: true, digest: true, ifNoneMatch: conditional, headers: task.headers,
  });
  bytes += probe.bytes;
  const found = readProbe(probe);
  if (found.kind === "fail") return fail(found.code, found.message);
  if (found.kind === "block" && task.lastState && (found.notModified || found.digest === task.lastBlockDigest)) {
    const aux = await justifiedP;
    bytes += aux.bytes;
    return { ok: true, upstream: task.upstream, generation: task.generation, state: task.lastState, justified: aux.checkpoint,
      unchanged: true, blockDigest: task.lastBlockDigest, blockEtag: found.etag, blockNote: "served", blockRoot: task.lastState.finalized.root,
      bytes, startedMs, endedMs: Date.now() };
  }
  // A 304 is only ever answered to the conditional probe, which needs a last state: handled above.
  const block = found.kind === "block" && !found.notModified ? found : null;

  // 3-5. The state: fetched, verified once per distinct state, checked against the block.
  const v = await fetchState({ agent: ctx.agent, cache: ctx.cache, url: task.url, headers: task.headers, signal, maxBytes: task.maxStateBytes, deadlineMs: task.deadlineMs,
    block: block?.fields ?? null, releaseSlot: ctx.releaseSlot, received: ctx.received, budget: ctx.budget });
  bytes += v.bytes;
  if (!v.ok) return fail(v.code, v.message);
  const aux = await justifiedP;
  bytes += aux.bytes;
  const outcome: PollOutcome = { ok: true, upstream: task.upstream, generation: task.generation, state: v.state, justified: aux.checkpoint,
    unchanged: false, blockDigest: block?.digest ?? null, blockEtag: block?.etag ?? null,
    blockNote: block ? "served" : found.kind === "none" ? found.note : "not_served",
    blockRoot: block ? toHex(block.fields.blockRoot) : null, bytes, startedMs, endedMs: Date.now() };
  if (block) outcome.blockBytes = block.bytes;
  if (v.body) outcome.stateBytes = v.body;
  return outcome;
}

/** Statuses that mean "this node has no block endpoint", as qlean's nodes answer: the state alone votes. */
const NO_BLOCK_STATUSES = new Set([404, 405, 501]);

type Probe =
  | { kind: "block"; notModified: true; etag: string | null; digest: null; bytes: null; fields: null }
  | { kind: "block"; notModified: false; etag: string | null; digest: string; bytes: Uint8Array; fields: SignedBlockFields }
  | { kind: "none"; note: "not_served" | "bad_content_type" }
  | { kind: "fail"; code: UpstreamErrorCode; message: string };

/**
 * What the block probe says. Only "no such endpoint" statuses and a non-SSZ answer leave
 * the state to vote alone; a block served as SSZ that cannot be read, or any other failure,
 * discards this upstream's vote: otherwise a liar could skip the block check by serving
 * a block nobody can read.
 */
function readProbe(probe: GetResult): Probe {
  if (!probe.ok) {
    if (NO_BLOCK_STATUSES.has(probe.status)) return { kind: "none", note: "not_served" };
    if (probe.code === "too_large") return { kind: "fail", code: "bad_block", message: `finalized block: ${probe.message}` };
    return { kind: "fail", code: probe.code, message: `finalized block: ${probe.message}` };
  }
  if (probe.status === 304) return { kind: "block", notModified: true, etag: probe.etag, digest: null, bytes: null, fields: null };
  if (NOT_SSZ.test(probe.contentType)) return { kind: "none", note: "bad_content_type" };
  const body = probe.body ?? new Uint8Array(0);
  try {
    return { kind: "block", notModified: false, etag: probe.etag, digest: probe.digest!, bytes: body, fields: readSignedBlock(body) };
  } catch (e) {
    if (e instanceof QuorumpointError && e.code.startsWith("SSZ_")) {
      return { kind: "fail", code: "bad_block", message: `finalized block is not a SignedBlock: ${e.message}` };
    }
    throw e;
  }
}

async function fetchJustified(task: PollTask, ctx: PollContext, pollSignal: AbortSignal): Promise<{ checkpoint: CheckpointJson | null; bytes: number }> {
  const aux = budget(auxTimeoutMs(task.timeoutMs), pollSignal);
  const r = await boundedGet(ctx.agent, task.url + PATH_JUSTIFIED, {
    signal: aux.signal, maxBytes: AUX_MAX_BYTES, accept: "application/json", collect: true, digest: false, headers: task.headers,
  })
    .finally(() => aux.dispose());
  // 404/405/501 mean "not served", any other failure "not known this time": both are just null.
  if (!r.ok || !r.body) return { checkpoint: null, bytes: r.bytes };
  try {
    const j = JSON.parse(Buffer.from(r.body).toString("utf8")) as { slot?: unknown; root?: unknown };
    const slot = typeof j.slot === "string" ? Number(j.slot) : j.slot;
    if (typeof slot === "number" && Number.isSafeInteger(slot) && slot >= 0 && isHex(j.root, 32)) {
      return { checkpoint: { slot, root: (j.root as string).toLowerCase() }, bytes: r.bytes };
    }
  } catch {
    /* malformed JSON: not known */
  }
  return { checkpoint: null, bytes: r.bytes };
}
