/**
 * Fuzz of the SSZ readers an upstream's bytes go through (src/lean/): readStateHeader and
 * verifyState for states, readSignedBlock for blocks, over random bytes and mutated real
 * ones (test/support/lean-state.ts makeTestState, buildStateBytes, the leanSpec devnet-4
 * vectors). @chainsafe/ssz's full decode is the oracle. Every input must end one of two ways:
 *
 * - accepted: the reference decodes it too, re-serializes it to the same bytes (no uint64
 *   rounded on the way), and the reader's root and fields are the reference's;
 * - refused with a QuorumpointError whose code is SSZ_*: nothing else ever escapes, and an
 *   input the reference decodes exactly is refused only for a uint64 past 2^53
 *   (SSZ_UINT64_RANGE, a deliberate limit), never as malformed.
 *
 * So every bad input is a typed error and every valid input still verifies. `npm test` runs
 * a bounded slice (SLICE_MS per property); `npm run fuzz` runs FUZZ_RUNS cases per property
 * (default 100 000) with no time limit: `FUZZ_RUNS=1000000 npm run fuzz`, `FUZZ_SEED=...`
 * to replay a run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readSignedBlock, readStateHeader, STATE_LAYOUT } from "../../src/lean/state-reader.js";
import { verifyState } from "../../src/lean/verify.js";
import { Block, SignedBlock, State } from "../../src/lean/types.js";
import { zeroSignature } from "../../src/lean/xmss.js";
import { toHex } from "../../src/model/hex.js";
import { QuorumpointError } from "../../src/model/errors.js";
import { makeTestState } from "../support/lean-state.js";
import { buildStateBytes } from "../unit/lean/build-state.js";
import { hexBytes, loadFixture } from "../unit/lean/vectors.js";

const FUZZ_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
/** The `npm test` slice: this long per property, at most SLICE_RUNS cases. */
const SLICE_MS = 2500;
const SLICE_RUNS = 20_000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const VECTORS = "devnet4/ssz/test_consensus_containers";
const vector = (name: string): Uint8Array => hexBytes(loadFixture(`${VECTORS}/${name}.json`).serialized as string);

const STATE_SEEDS: Uint8Array[] = [
  makeTestState(12, 64).bytes,
  makeTestState(300, 9, 5).bytes,
  buildStateBytes({ history: 40, validators: 5, justifications: 2, seed: 3 }),
  buildStateBytes({ history: 3, validators: 1, justifications: 1, seed: 9 }),
  vector("test_state_minimal"),
  vector("test_state_with_full_history"),
  vector("test_state_with_validators"),
];

const BLOCK_SEEDS: Uint8Array[] = [
  makeTestState(12, 64).blockBytes,
  makeTestState(3000, 4, 7).blockBytes,
  vector("test_signed_block_minimal"),
  SignedBlock.serialize({
    block: Block.deserialize(vector("test_block_typical")),
    signature: { attestationSignatures: [], proposerSignature: zeroSignature() },
  }),
];

// ---- what the reference says ----

type Verdict = { ok: true; root: string } | { ok: false; code: string };

/** Run a reader: its result, or the SSZ_* code it threw; anything else fails the property. */
function run<T>(fn: () => T): { ok: true; value: T } | { ok: false; code: string } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof QuorumpointError && e.code.startsWith("SSZ_")) return { ok: false, code: e.code };
    throw new Error(`an untyped error escaped the reader: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** The reference decode of `bytes` as `type`: null when it does not decode or is not exact (a uint64 rounded). */
function reference<T>(type: { deserialize(b: Uint8Array): T; serialize(v: T): Uint8Array }, bytes: Uint8Array): { value: T; exact: boolean } | null {
  let value: T;
  try {
    value = type.deserialize(bytes);
  } catch {
    return null;
  }
  let exact = false;
  try {
    exact = Buffer.from(type.serialize(value)).equals(Buffer.from(bytes));
  } catch {
    // a value that does not serialize back (a rounded uint64) is not exact
  }
  return { value, exact };
}

function checkState(bytes: Uint8Array): Verdict {
  const header = run(() => readStateHeader(bytes));
  const verified = run(() => verifyState(bytes));
  const ref = reference(State, bytes);
  if (verified.ok) {
    assert.ok(header.ok, "verifyState accepted what readStateHeader refused");
    assert.ok(ref, "verifyState accepted bytes the reference cannot decode");
    assert.ok(ref.exact, "verifyState accepted bytes that hold a uint64 it cannot represent");
    assert.equal(verified.value.stateRoot, toHex(State.hashTreeRoot(ref.value)), "verifyState's root is the reference's");
    const h = header.value;
    assert.equal(h.slot, ref.value.slot);
    assert.equal(h.genesisTime, ref.value.config.genesisTime);
    assert.equal(h.latestBlockHeader.slot, ref.value.latestBlockHeader.slot);
    assert.equal(toHex(h.latestFinalized.root), toHex(ref.value.latestFinalized.root));
    assert.equal(h.latestFinalized.slot, ref.value.latestFinalized.slot);
    assert.equal(h.validatorCount, ref.value.validators.length);
    assert.equal(h.historicalBlockHashesCount, ref.value.historicalBlockHashes.length);
    return { ok: true, root: verified.value.stateRoot };
  }
  if (ref?.exact) assert.equal(verified.code, "SSZ_UINT64_RANGE", `a state the reference decodes exactly was refused as ${verified.code}`);
  return { ok: false, code: verified.code };
}

function checkBlock(bytes: Uint8Array): Verdict {
  const read = run(() => readSignedBlock(bytes));
  const ref = reference(SignedBlock, bytes);
  if (read.ok) {
    // Only the block is read (the signature layout differs between devnets): the reference is the Block in its range.
    const blockEnd = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
    const block = reference(Block, bytes.subarray(8, blockEnd));
    assert.ok(block, "readSignedBlock accepted a block the reference cannot decode");
    assert.ok(block.exact, "readSignedBlock accepted a block that holds a uint64 it cannot represent (its root would be wrong)");
    assert.equal(toHex(read.value.blockRoot), toHex(Block.hashTreeRoot(block.value)));
    assert.equal(read.value.slot, block.value.slot);
    assert.equal(read.value.proposerIndex, block.value.proposerIndex);
    assert.equal(toHex(read.value.stateRoot), toHex(block.value.stateRoot));
    assert.equal(toHex(read.value.parentRoot), toHex(block.value.parentRoot));
    return { ok: true, root: toHex(read.value.blockRoot) };
  }
  if (ref?.exact) assert.equal(read.code, "SSZ_UINT64_RANGE", `a signed block the reference decodes exactly was refused as ${read.code}`);
  return { ok: false, code: read.code };
}

// ---- inputs ----

const u32 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0, true);
const u64 = (b: Uint8Array, at: number, v: bigint): void => new DataView(b.buffer, b.byteOffset, b.byteLength).setBigUint64(at, v, true);

/** uint64 values around the 2^53 limit, and any. */
const bigU64 = fc.oneof(
  fc.bigInt({ min: 2n ** 53n - 4n, max: 2n ** 53n + 4n }),
  fc.constantFrom(0n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);
const edits = (max: number) => fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: max });

function mutations(seeds: Uint8Array[], offsetsAt: number[], u64At: (b: Uint8Array) => number[]): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    { weight: 1, arbitrary: seed.map((s) => s.slice()) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4096 }) },
    // random bytes behind the right first offset(s), so the offset checks pass more often
    { weight: 2, arbitrary: fc.tuple(fc.uint8Array({ minLength: 8, maxLength: 2048 }), seed).map(([r, s]) => {
      const b = new Uint8Array(Math.max(r.length, offsetsAt.at(-1)! + 4));
      b.set(r);
      b.set(s.subarray(0, Math.min(s.length, (offsetsAt[0] ?? 0) + 4)));
      return b;
    }) },
    // a few bytes changed anywhere
    { weight: 4, arbitrary: fc.tuple(seed, edits(8)).map(([s, e]) => {
      const b = s.slice();
      for (const [at, v] of e) b[at % b.length] = v;
      return b;
    }) },
    // one list offset moved a little, or set to anything
    { weight: 3, arbitrary: fc.tuple(seed, fc.nat(offsetsAt.length - 1), fc.oneof(fc.integer({ min: -130, max: 130 }), fc.nat())).map(([s, i, d]) => {
      const b = s.slice();
      const at = offsetsAt[i]!;
      const cur = new DataView(b.buffer).getUint32(at, true);
      u32(b, at, d < -130 || d > 130 ? d : cur + d);
      return b;
    }) },
    // cut short, or grown with random bytes
    { weight: 2, arbitrary: fc.tuple(seed, fc.nat(), fc.uint8Array({ maxLength: 300 })).map(([s, n, tail]) => {
      if (tail.length === 0) return s.slice(0, n % (s.length + 1));
      const b = new Uint8Array(s.length + tail.length);
      b.set(s);
      b.set(tail, s.length);
      return b;
    }) },
    // the last byte of a bitlist or list changed (delimiters, trailing bytes)
    { weight: 1, arbitrary: fc.tuple(seed, fc.integer({ min: 0, max: 255 }), fc.nat(8)).map(([s, v, back]) => {
      const b = s.slice();
      b[Math.max(0, b.length - 1 - back)] = v;
      return b;
    }) },
    // a uint64 field set near or past 2^53
    { weight: 2, arbitrary: fc.tuple(seed, fc.nat(), bigU64).map(([s, i, v]) => {
      const b = s.slice();
      const at = u64At(b);
      if (at.length > 0) u64(b, at[i % at.length]!, v);
      return b;
    }) },
    // a slice of one seed spliced into another
    { weight: 1, arbitrary: fc.tuple(seed, seed, fc.nat(), fc.nat(), fc.nat(400)).map(([a, c, from, to, len]) => {
      const b = a.slice();
      const src = c.subarray(from % c.length, (from % c.length) + len);
      b.set(src.subarray(0, Math.max(0, b.length - (to % b.length))), to % b.length);
      return b;
    }) },
  );
}

const L = STATE_LAYOUT;
const STATE_OFFSETS = [0, 1, 2, 3, 4].map((i) => L.offsets + 4 * i);
/** Byte positions of the State's uint64 fields: fixed ones and each validator's index. */
function stateU64s(b: Uint8Array): number[] {
  const at = [L.genesisTime, L.slot, L.header, L.header + 8, L.justified + 32, L.finalized + 32];
  if (b.length >= L.fixedSize) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const start = v.getUint32(L.offsets + 8, true);
    const end = v.getUint32(L.offsets + 12, true);
    for (let p = start + 104; p + 8 <= Math.min(end, b.length); p += 112) at.push(p);
  }
  return at.filter((p) => p + 8 <= b.length);
}
/** Byte positions of uint64s in a SignedBlock: the block's slot and proposer, and every 8-aligned word of its body (attestation slots). */
function blockU64s(b: Uint8Array): number[] {
  if (b.length < 8 + 84) return [];
  const end = Math.min(b.length, new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true));
  const at = [8, 16];
  for (let p = 8 + 84; p + 8 <= end; p += 4) at.push(p);
  return at;
}

function fuzz(t: import("node:test").TestContext, name: string, arb: fc.Arbitrary<Uint8Array>, check: (b: Uint8Array) => Verdict): void {
  const codes = new Map<string, number>();
  const details = fc.check(
    fc.property(arb, (bytes) => {
      const v = check(bytes);
      const k = v.ok ? "ok" : v.code;
      codes.set(k, (codes.get(k) ?? 0) + 1);
    }),
    FUZZ_RUNS !== undefined ? { numRuns: FUZZ_RUNS, seed: SEED } : { numRuns: SLICE_RUNS, interruptAfterTimeLimit: SLICE_MS, seed: SEED },
  );
  t.diagnostic(`${name}: ${details.numRuns} cases (seed ${details.seed}): ${[...codes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  if (details.failed) {
    const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    assert.fail(`${why}\n${(fc.defaultReportMessage(details) ?? "").slice(0, 4000)}`);
  }
  if (FUZZ_RUNS !== undefined) assert.ok(details.numRuns >= FUZZ_RUNS, `ran ${details.numRuns} of ${FUZZ_RUNS} cases`);
  assert.ok((codes.get("ok") ?? 0) > 0, "some inputs were valid and verified");
  assert.ok(codes.size > 3, "inputs reached several distinct refusals");
}

test("the seeds are valid and verify to the reference root", () => {
  for (const s of STATE_SEEDS) assert.deepEqual(checkState(s), { ok: true, root: toHex(State.hashTreeRoot(State.deserialize(s))) });
  for (const s of BLOCK_SEEDS) assert.deepEqual(checkBlock(s), { ok: true, root: toHex(Block.hashTreeRoot(SignedBlock.deserialize(s).block)) });
});

test("fuzz: readStateHeader and verifyState accept exactly the valid states, refuse the rest with an SSZ_* error", (t) => {
  fuzz(t, "state", mutations(STATE_SEEDS, STATE_OFFSETS, stateU64s), checkState);
});

test("fuzz: readSignedBlock reads exactly the valid blocks, refuses the rest with an SSZ_* error", (t) => {
  fuzz(t, "block", mutations(BLOCK_SEEDS, [0, 4], blockU64s), checkBlock);
});
