import { test } from "node:test";
import assert from "node:assert/strict";
import { QuorumpointError } from "../../../src/model/errors.js";
import { BytesByDigest, DEFAULT_BYTES_CACHE_MAX_BYTES, DEFAULT_BYTES_CACHE_MAX_ENTRIES } from "../../../src/store/index.js";

const b = (n: number) => new Uint8Array(n);

test("put and get by digest, same array back (no copy)", () => {
  const cache = new BytesByDigest();
  const x = b(10);
  assert.deepEqual(cache.put("0xa", x), []);
  assert.equal(cache.get("0xa"), x);
  assert.equal(cache.get("0xb"), undefined);
  assert.equal(cache.has("0xa"), true);
  assert.deepEqual([cache.size, cache.totalBytes], [1, 10]);
  assert.deepEqual([cache.maxEntries, cache.maxBytes], [DEFAULT_BYTES_CACHE_MAX_ENTRIES, DEFAULT_BYTES_CACHE_MAX_BYTES]);
});

test("putting a digest again replaces it and keeps the byte count right", () => {
  const cache = new BytesByDigest();
  cache.put("0xa", b(10));
  cache.put("0xa", b(4));
  assert.deepEqual([cache.size, cache.totalBytes], [1, 4]);
});

test("past maxEntries the least recently used goes, and is reported", () => {
  const cache = new BytesByDigest({ maxEntries: 2 });
  cache.put("0xa", b(1));
  cache.put("0xb", b(1));
  cache.get("0xa"); // now 0xb is the least recently used
  assert.deepEqual(cache.put("0xc", b(1)), ["0xb"]);
  assert.deepEqual([cache.has("0xa"), cache.has("0xb"), cache.has("0xc")], [true, false, true]);
  assert.equal(cache.size, 2);
});

test("past maxBytes the oldest go until it fits; one oversized state stays alone", () => {
  const cache = new BytesByDigest({ maxBytes: 100 });
  cache.put("0xa", b(40));
  cache.put("0xb", b(40));
  assert.deepEqual(cache.put("0xc", b(50)), ["0xa"]);
  assert.equal(cache.totalBytes, 90);
  assert.deepEqual(cache.put("0xhuge", b(500)), ["0xb", "0xc"]);
  assert.deepEqual([cache.size, cache.totalBytes, cache.has("0xhuge")], [1, 500, true]);
});

test("prune keeps only the given digests and returns the dropped ones", () => {
  const cache = new BytesByDigest();
  for (const d of ["0xa", "0xb", "0xc"]) cache.put(d, b(5));
  assert.deepEqual(cache.prune(["0xb", "0xzz"]), ["0xa", "0xc"]);
  assert.deepEqual([cache.size, cache.totalBytes, cache.has("0xb")], [1, 5, true]);
  assert.deepEqual(cache.prune(new Set()), ["0xb"]);
  assert.deepEqual([cache.size, cache.totalBytes], [0, 0]);
});

test("pruning does not touch the arrays a reader holds", () => {
  const cache = new BytesByDigest();
  const x = new Uint8Array([1, 2, 3]);
  cache.put("0xa", x);
  const held = cache.get("0xa")!;
  cache.prune([]);
  assert.deepEqual(held, new Uint8Array([1, 2, 3]));
});

test("bad bounds are config errors", () => {
  for (const options of [{ maxEntries: 0 }, { maxBytes: 0 }, { maxEntries: 1.5 }]) {
    assert.throws(() => new BytesByDigest(options), (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_INVALID");
  }
});
