import { test } from "node:test";
import assert from "node:assert/strict";
import { fromHex, isHex, toHex } from "../../../src/model/hex.js";
import { QuorumpointError } from "../../../src/model/errors.js";

test("toHex is 0x lowercase and respects subarray bounds", () => {
  const buf = Uint8Array.from([0x00, 0xab, 0xcd, 0xef, 0xff]);
  assert.equal(toHex(buf), "0x00abcdefff");
  assert.equal(toHex(buf.subarray(1, 3)), "0xabcd");
  assert.equal(toHex(new Uint8Array(0)), "0x");
});

test("fromHex parses either case and round-trips", () => {
  assert.deepEqual(fromHex("0xABcd"), Uint8Array.from([0xab, 0xcd]));
  const root = "0x" + "5a".repeat(32);
  assert.equal(toHex(fromHex(root, 32)), root);
});

test("fromHex rejects what is not 0x hex of whole bytes", () => {
  for (const bad of ["abcd", "0xabc", "0xzz", "", "0x" + "00".repeat(31)]) {
    assert.throws(() => fromHex(bad, bad.length === 64 ? 32 : undefined), (e: unknown) => e instanceof QuorumpointError && e.code === "SSZ_BAD_HEX", bad);
  }
  assert.throws(() => fromHex("0x" + "00".repeat(31), 32), QuorumpointError);
});

test("isHex checks type and length", () => {
  assert.equal(isHex("0x00", 1), true);
  assert.equal(isHex("0x00", 2), false);
  assert.equal(isHex(42), false);
  assert.equal(isHex("0x"), true);
});
