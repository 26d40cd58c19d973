/**
 * The BeaconState root computed while the bytes stream in (minimal preset): whatever the
 * chunking, the one-shot root from the same bytes, and an SSZ error where it gives one.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { beaconStateRootFromBytes, beaconStateRootStream } from "../../../src/beacon/state-root-from-bytes.js";
import { BEACON_FORKS, type BeaconFork } from "../../../src/model/beacon.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { codeOf } from "../../support/error-code.js";
import { randomState } from "./state-root-cases.js";

const types = await loadBeaconTypes("minimal");

/** `bytes` pushed in chunks of the given sizes (cycled), then finished. */
function streamed(bytes: Uint8Array, fork: BeaconFork, sizes: number[]): string {
  const s = beaconStateRootStream(fork, types);
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]!);
    s.push(bytes.subarray(at, at + n));
    at += n;
  }
  assert.equal(s.received, bytes.length);
  return toHex(s.finish());
}

const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 5000 })), { minLength: 1, maxLength: 8 });

describe("the root while streaming", () => {
  for (const fork of BEACON_FORKS) {
    test(`${fork}: any chunking gives the one-shot root, on random states`, () => {
      fc.assert(
        fc.property(fc.integer(), fc.nat({ max: 24 }), fc.boolean(), chunkSizes, (seed, n, consistent, sizes) => {
          const { bytes } = randomState(types, fork, seed, n, consistent, 5);
          assert.equal(streamed(bytes, fork, sizes), toHex(beaconStateRootFromBytes(bytes, fork, types)));
        }),
        { numRuns: 30 },
      );
    });
  }

  test("a registry across packing batches, in one chunk, in bytes and in uneven pieces", () => {
    const { bytes } = randomState(types, "electra", 12, 8193, true, 3);
    const want = toHex(beaconStateRootFromBytes(bytes, "electra", types));
    for (const sizes of [[bytes.length], [1_048_576, 7], [121 * 4096], [65_537, 3, 999_999]]) assert.equal(streamed(bytes, "electra", sizes), want, String(sizes));
  });

  test("mutated or cut bytes: an SSZ error exactly where the one-shot root gives one, else the same root", () => {
    const seeds = BEACON_FORKS.map((fork, i) => ({ fork, bytes: randomState(types, fork, i + 200, 3, true, 2).bytes }));
    const arb = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat(), { freq: 3 }), chunkSizes);
    fc.assert(
      fc.property(arb, ([{ fork, bytes }, edits, cut, sizes]) => {
        const b = bytes.slice(0, cut === null ? bytes.length : cut % (bytes.length + 1));
        for (const [at, byte] of edits) if (b.length > 0) b[at % b.length] = byte;
        const outcome = (fn: () => string) => {
          try {
            return fn();
          } catch (e) {
            assert.ok(e instanceof QuorumpointError && e.code.startsWith("SSZ_"), String(e));
            return "error";
          }
        };
        assert.equal(outcome(() => streamed(b, fork, sizes)), outcome(() => toHex(beaconStateRootFromBytes(b, fork, types))));
      }),
      { numRuns: 300 },
    );
  });

  test("after an error the stream keeps failing; a finished stream takes no more", () => {
    const { bytes } = randomState(types, "fulu", 5, 3, true, 2);
    const bad = bytes.slice();
    bad[types.forks.fulu.stateFieldOffsets.historicalRoots!] += 1;
    const s = beaconStateRootStream("fulu", types);
    assert.equal(codeOf(() => s.push(bad)), "SSZ_BAD_OFFSET");
    assert.equal(codeOf(() => s.push(bad.subarray(0, 1))), "SSZ_BAD_OFFSET");
    assert.equal(codeOf(() => s.finish()), "SSZ_BAD_OFFSET");
    const short = beaconStateRootStream("fulu", types);
    short.push(bytes.subarray(0, 50));
    assert.equal(codeOf(() => short.finish()), "SSZ_TOO_SHORT");
    const ok = beaconStateRootStream("fulu", types);
    ok.push(bytes);
    assert.equal(toHex(ok.finish()), toHex(beaconStateRootFromBytes(bytes, "fulu", types)));
    assert.equal(codeOf(() => ok.push(bytes)), "INTERNAL_MERKLE");
  });
});
