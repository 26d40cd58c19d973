import { test } from "node:test";
import assert from "node:assert/strict";
import { SINGLE_THREADED_GC, gcMode, gcWarning } from "../../../src/config/index.js";

test("gcMode reads node's own flags: the last spelling wins, as in V8", () => {
  assert.equal(gcMode([]), "helper-threads");
  assert.equal(gcMode(["--single-threaded-gc"]), "single-threaded");
  assert.equal(gcMode(["--single_threaded_gc"]), "single-threaded");
  assert.equal(gcMode(["--single-threaded-gc", "--no-single-threaded-gc"]), "helper-threads");
  assert.equal(gcMode(["--no-single-threaded-gc", "--single-threaded-gc", "--enable-source-maps"]), "single-threaded");
  assert.equal(gcMode(["--single-threaded"]), "helper-threads", "another flag that merely starts alike");
});

test("gcWarning: none with the flag; without it one line naming the flag and how to start", () => {
  assert.equal(gcWarning([SINGLE_THREADED_GC]), null);
  const w = gcWarning([]);
  assert.ok(w !== null);
  assert.ok(!w.includes("\n"), "one line");
  assert.match(w, /without --single-threaded-gc/);
  assert.match(w, /node --single-threaded-gc dist\/src\/cli\/main\.js/);
});
