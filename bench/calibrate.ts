/**
 * Calibration, run in its own runner process on the same devnet: what this machine can
 * do, measured in the same run as the configurations, so the report can say how close
 * each one comes to it.
 *
 * - loopback bandwidth: GET every node's state, `cap` at a time on one thread, bodies
 *   counted and dropped (no copy, no digest): the bare transfer, devnet serving included;
 * - SHA-256 of one state (native, as the pollers digest) and one verifyState (decode +
 *   merkleize with the hashtree hasher) on one thread;
 *
 * each the best of a few runs: what the machine can do, where a median would fold in
 * whatever else the shared machine was doing at that moment (a limit must not be slack);
 * - where a poll's receive CPU goes: the same GETs through the pollers' own `boundedGet`,
 *   bare, then collecting the body into one buffer, then also digesting it (CPU s per GiB,
 *   over all runs together: on loopback the kernel charges a packet's TCP work to whichever
 *   side runs it, so one pass can hand the receiver half its usual share; the best pass of
 *   five measured 0.38-0.79 s/GiB across runs, a limit that moved with it);
 * - what serving costs the devnet per GiB: the parent measures its own CPU over the whole
 *   calibration against `fetchedBytes` (session.ts).
 */
import { createHash } from "node:crypto";
import type { Agent } from "undici";
import { verifyStateWithDigest } from "../src/lean/index.js";
import { boundedGet, createAgent } from "../src/worker/http-get.js";
import { phasesFor } from "../src/model/phases.js";
import { Semaphore } from "./engines/semaphore.js";
import type { Calibration, CalibrateSpec } from "./model/protocol.js";

const STATE_PATH = "/lean/v0/states/finalized";
const TRANSFER_RUNS = 5;
const SHA_RUNS = 5;
const MERKLE_RUNS = 3;
const GiB = 2 ** 30;

type Variant = "bare" | "collect" | "digest";

/** Bytes fetched by every pass, for the devnet's serving cost per GiB (session.ts). */
let fetchedBytes = 0;

/** GET every node's state once, `cap` at a time; the first body is kept when asked. */
async function fetchAll(agent: Agent, spec: CalibrateSpec, v: Variant, keepFirst = false): Promise<{ bytes: number; first: Uint8Array | null }> {
  const sem = new Semaphore(spec.cap);
  let bytes = 0;
  let first: Uint8Array | null = null;
  await Promise.all(
    spec.urls.map((url, i) =>
      sem.with(async () => {
        const collect = v !== "bare" || (keepFirst && i === 0);
        const got = await boundedGet(agent, url + STATE_PATH, {
          signal: AbortSignal.timeout(60_000), maxBytes: 2 * GiB, accept: "application/octet-stream", collect, digest: v === "digest",
        });
        if (!got.ok) throw new Error(`calibration GET ${url} failed: ${got.message}`);
        bytes += got.bytes;
        fetchedBytes += got.bytes;
        if (keepFirst && i === 0) first = got.body;
      }),
    ),
  );
  return { bytes, first };
}

/** CPU seconds of this process per GiB received with variant `v`, over TRANSFER_RUNS passes together. */
async function cpuPerGiB(agent: Agent, spec: CalibrateSpec, v: Variant): Promise<number> {
  let bytes = 0;
  const c0 = process.cpuUsage();
  for (let r = 0; r < TRANSFER_RUNS; r++) bytes += (await fetchAll(agent, spec, v)).bytes;
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6 / (bytes / GiB);
}

/** The best (shortest) of `runs` timings of `fn`, in seconds. */
function timeIt(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

export async function calibrate(spec: CalibrateSpec): Promise<Calibration> {
  const agent = createAgent(phasesFor(60_000));
  try {
    // Untimed first pass: connections made, the devnet's response path warm.
    const state = (await fetchAll(agent, spec, "bare", true)).first!;
    const rates: number[] = [];
    for (let r = 0; r < TRANSFER_RUNS; r++) {
      const t0 = performance.now();
      const got = await fetchAll(agent, spec, "bare");
      rates.push(got.bytes / ((performance.now() - t0) / 1000));
    }
    const cal: Calibration = {
      loopbackBytesPerS: Math.max(...rates), stateBytes: state.length, sha256S: null, merkleS: null, receiveCpuSPerGiB: null, fetchedBytes: 0, serveCpuSPerGiB: null,
    };
    if (spec.cpu) {
      const digest = "0x" + createHash("sha256").update(state).digest("hex");
      cal.sha256S = timeIt(SHA_RUNS, () => createHash("sha256").update(state).digest());
      cal.merkleS = timeIt(MERKLE_RUNS, () => verifyStateWithDigest(state, digest));
      cal.receiveCpuSPerGiB = {
        bare: await cpuPerGiB(agent, spec, "bare"),
        collect: await cpuPerGiB(agent, spec, "collect"),
        digest: await cpuPerGiB(agent, spec, "digest"),
      };
    }
    cal.fetchedBytes = fetchedBytes;
    return cal;
  } finally {
    await agent.destroy();
  }
}
