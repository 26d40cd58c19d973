/**
 * The BeaconState root hashed while the bytes land in a shared body, by the receiving
 * thread alone, with helpers on the same thread, and with real helper threads (minimal
 * preset, small units so that small states are cut into many): whatever the chunking and
 * whoever hashes which unit, the one-shot root of the same bytes, and an SSZ error exactly
 * where it gives one.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { beaconStateRootFromBytes } from "../../../src/beacon/state-root-from-bytes.js";
import { SharedContainerRoot, helpSplitJob, type SplitJob } from "../../../src/merkle/index.js";
import { BEACON_FORKS, type BeaconFork } from "../../../src/model/beacon.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { merkleChannelName } from "../../../src/round/pool.js";
import { MerkleChannel } from "../../../src/worker/merkle-channel.js";
import { codeOf } from "../../support/error-code.js";
import { randomState } from "./state-root-cases.js";

const types = await loadBeaconTypes("minimal");
const SMALL = { containers: 1, chunks: 1 };

type Helpers = "alone" | "same-thread";

/** `bytes` landing in a shared body in chunks of the given sizes (cycled), then the root. */
async function shared(bytes: Uint8Array, fork: BeaconFork, sizes: number[], helpers: Helpers, depths = SMALL): Promise<string> {
  const body = new Uint8Array(new SharedArrayBuffer(bytes.length));
  const jobs: Array<Promise<number>> = [];
  const announce = helpers === "alone" ? null : (job: SplitJob) => jobs.push(helpSplitJob(job), helpSplitJob(job));
  const s = new SharedContainerRoot(types.forks[fork].BeaconState, body, `${fork} BeaconState`, announce, depths);
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]!);
    body.set(bytes.subarray(at, at + n), at);
    at = Math.min(bytes.length, at + n);
    s.received(at);
  }
  const root = toHex(await s.finish());
  await Promise.all(jobs);
  return root;
}

const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 5000 })), { minLength: 1, maxLength: 8 });
const oneShot = (bytes: Uint8Array, fork: BeaconFork) => toHex(beaconStateRootFromBytes(bytes, fork, types));

describe("the root hashed in units while the bytes land", () => {
  for (const fork of BEACON_FORKS) {
    test(`${fork}: any chunking, alone or with helpers, gives the one-shot root on random states`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer(), fc.nat({ max: 24 }), fc.boolean(), chunkSizes, fc.constantFrom<Helpers>("alone", "same-thread"), async (seed, n, consistent, sizes, helpers) => {
          const { bytes } = randomState(types, fork, seed, n, consistent, 5);
          assert.equal(await shared(bytes, fork, sizes, helpers), oneShot(bytes, fork));
        }),
        { numRuns: 30 },
      );
    });
  }

  test("a registry across packing batches, with the default units and small ones, in one chunk and in uneven pieces", async () => {
    const { bytes } = randomState(types, "electra", 12, 8193, true, 3);
    const want = oneShot(bytes, "electra");
    for (const depths of [undefined, SMALL, { containers: 12, chunks: 3 }, { containers: 11, chunks: 15 }]) {
      for (const sizes of [[bytes.length], [1_048_576, 7], [121 * 4096], [65_537, 3, 999_999]]) {
        assert.equal(await shared(bytes, "electra", sizes, "same-thread", depths), want, `${JSON.stringify(depths)} ${sizes}`);
      }
    }
  });

  test("mutated or cut bytes: an SSZ error exactly where the one-shot root gives one, else the same root", async () => {
    const seeds = BEACON_FORKS.map((fork, i) => ({ fork, bytes: randomState(types, fork, i + 200, 3, true, 2).bytes }));
    const arb = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat(), { freq: 3 }), chunkSizes, fc.constantFrom<Helpers>("alone", "same-thread"));
    const outcome = async (fn: () => string | Promise<string>) => {
      try {
        return await fn();
      } catch (e) {
        assert.ok(e instanceof QuorumpointError && e.code.startsWith("SSZ_"), String(e));
        return "error";
      }
    };
    await fc.assert(
      fc.asyncProperty(arb, async ([{ fork, bytes }, edits, cut, sizes, helpers]) => {
        const b = bytes.slice(0, cut === null ? bytes.length : cut % (bytes.length + 1));
        for (const [at, byte] of edits) if (b.length > 0) b[at % b.length] = byte;
        assert.equal(await outcome(() => shared(b, fork, sizes, helpers)), await outcome(() => oneShot(b, fork)));
      }),
      { numRuns: 300 },
    );
  });

  test("fewer bytes than the body holds is not a root; a finished job takes no helper", async () => {
    const { bytes } = randomState(types, "fulu", 5, 3, true, 2);
    const body = new Uint8Array(new SharedArrayBuffer(bytes.length));
    body.set(bytes);
    let job: SplitJob | null = null;
    const s = new SharedContainerRoot(types.forks.fulu.BeaconState, body, "fulu BeaconState", (j) => (job = j), SMALL);
    s.received(bytes.length - 1);
    await assert.rejects(s.finish(), (e) => e instanceof QuorumpointError && e.code === "INTERNAL_MERKLE");
    assert.ok(job !== null, "announced once the fixed part was in");
    assert.equal(await helpSplitJob(job), 0, "the job was closed");
    const ok = new SharedContainerRoot(types.forks.fulu.BeaconState, body, "fulu BeaconState", null, SMALL);
    ok.received(bytes.length);
    assert.equal(toHex(await ok.finish()), oneShot(bytes, "fulu"));
    assert.equal(codeOf(() => beaconStateRootFromBytes(bytes.subarray(0, 50), "fulu", types)), "SSZ_TOO_SHORT");
  });
});

describe("helper threads", () => {
  const name = merkleChannelName();
  const workers: Worker[] = [];
  before(async () => {
    for (let i = 0; i < 2; i++) {
      const w = new Worker(new URL("../../../bench/beacon/helper-thread.js", import.meta.url), { workerData: { channel: name } });
      workers.push(w);
      assert.equal((await once(w, "message"))[0], "ready");
    }
  });
  after(async () => {
    for (const w of workers) {
      w.postMessage("close");
      await once(w, "exit");
    }
  });

  test("other threads hash units of a state as its bytes arrive, and the root is the one-shot root", async () => {
    const { bytes } = randomState(types, "electra", 7, 16_384, true, 3);
    const channel = new MerkleChannel(name);
    try {
      const body = new Uint8Array(new SharedArrayBuffer(bytes.length));
      let announced = false;
      const announce = (job: SplitJob) => {
        announced = true;
        channel.announce(job);
      };
      const s = new SharedContainerRoot(types.forks.electra.BeaconState, body, "electra BeaconState", announce, { containers: 9, chunks: 8 });
      // The bytes arrive a piece at a time, as from a socket: the helpers take units as they complete.
      // A thread's first job loads the hashing code, which on a busy machine can outlast the
      // whole body, so the bytes wait for both helpers once the job is announced.
      const piece = 64 * 1024;
      for (let at = 0; at < bytes.length; at += piece) {
        body.set(bytes.subarray(at, at + piece), at);
        s.received(Math.min(bytes.length, at + piece));
        await new Promise((r) => setTimeout(r, 2));
        for (let waited = 0; announced && s.stats.helpers < 2 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(toHex(await s.finish()), oneShot(bytes, "electra"));
      const { units, helpers, helped } = s.stats;
      assert.ok(units >= 32, `cut into ${units} units`);
      assert.equal(helpers, 2, "both helper threads joined");
      assert.ok(helped > 0, `helpers hashed ${helped} of ${units} units`);
      // A helper counts its units once it has left the job, which the end of the job wakes it to do.
      let total = 0;
      for (let tries = 0; tries < 50 && total !== helped; tries++) {
        total = 0;
        for (const w of workers) {
          w.postMessage("helped?");
          total += (await once(w, "message"))[0] as number;
        }
        if (total !== helped) await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(total, helped, "the threads' own counts add up to the job's");
    } finally {
      channel.close();
    }
  });
});
