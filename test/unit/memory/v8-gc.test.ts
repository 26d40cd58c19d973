import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DAEMON_ENV, DAEMON_NODE_FLAGS, EXPOSE_GC, MAIN_SEMI_SPACE, SINGLE_THREADED_GC, gcExposed, gcMode, gcWarning, missingDaemonFlags, semiSpaceMb } from "../../../src/memory/index.js";
import { REPO_ROOT } from "../../support/paths.js";

test("gcMode reads node's own flags: the last spelling wins, as in V8", () => {
  assert.equal(gcMode([]), "helper-threads");
  assert.equal(gcMode(["--single-threaded-gc"]), "single-threaded");
  assert.equal(gcMode(["--single_threaded_gc"]), "single-threaded");
  assert.equal(gcMode(["--single-threaded-gc", "--no-single-threaded-gc"]), "helper-threads");
  assert.equal(gcMode(["--no-single-threaded-gc", "--single-threaded-gc", "--enable-source-maps"]), "single-threaded");
  assert.equal(gcMode(["--single-threaded"]), "helper-threads", "another flag that merely starts alike");
});

test("gcExposed reads --expose-gc in either spelling, the last one winning", () => {
  assert.equal(gcExposed([]), false);
  assert.equal(gcExposed([EXPOSE_GC]), true);
  assert.equal(gcExposed(["--expose_gc"]), true);
  assert.equal(gcExposed([EXPOSE_GC, "--no-expose-gc"]), false);
  assert.equal(gcExposed(["--expose-gc-as=collect"]), false, "another flag that merely starts alike");
});

test("semiSpaceMb reads --max-semi-space-size in either spelling, the last one winning", () => {
  assert.equal(semiSpaceMb([]), null);
  assert.equal(semiSpaceMb([MAIN_SEMI_SPACE]), 1);
  assert.equal(semiSpaceMb(["--max_semi_space_size=4"]), 4);
  assert.equal(semiSpaceMb(["--max-semi-space-size", "2"]), 2);
  assert.equal(semiSpaceMb(["--max-semi-space-size=1", "--max-semi-space-size=8"]), 8);
  assert.equal(semiSpaceMb(["--max-semi-space-size=big"]), null);
  assert.equal(semiSpaceMb(["--max-old-space-size=1"]), null, "another space's flag");
});

test("missingDaemonFlags: judged by effect, so an equivalent spelling counts and another size does not", () => {
  assert.deepEqual(missingDaemonFlags([...DAEMON_NODE_FLAGS]), []);
  assert.deepEqual(missingDaemonFlags(["--single_threaded_gc", "--max-semi-space-size", "1", "--expose_gc"]), []);
  assert.deepEqual(missingDaemonFlags([SINGLE_THREADED_GC, "--max-semi-space-size=16", EXPOSE_GC]), [MAIN_SEMI_SPACE]);
  assert.deepEqual(missingDaemonFlags([SINGLE_THREADED_GC, MAIN_SEMI_SPACE]), [EXPOSE_GC]);
  assert.deepEqual(missingDaemonFlags([]), [SINGLE_THREADED_GC, MAIN_SEMI_SPACE, EXPOSE_GC]);
});

const ENV = { MALLOC_MMAP_THRESHOLD_: "65536" };

test("gcWarning: none with the flags and allocator setting; without them one line naming what is missing and how to start", () => {
  assert.equal(gcWarning([...DAEMON_NODE_FLAGS], ENV), null);
  const w = gcWarning([], ENV);
  assert.ok(w !== null);
  assert.ok(!w.includes("\n"), "one line");
  assert.match(w, /without --single-threaded-gc --max-semi-space-size=1 --expose-gc:/);
  assert.match(w, /MALLOC_MMAP_THRESHOLD_=65536 node --single-threaded-gc --max-semi-space-size=1 --expose-gc dist\/src\/cli\/main\.js/);
  assert.match(gcWarning([...DAEMON_NODE_FLAGS], {}) ?? "", /without MALLOC_MMAP_THRESHOLD_=65536: glibc will keep freed socket chunks/);
  assert.match(gcWarning([SINGLE_THREADED_GC, MAIN_SEMI_SPACE], ENV) ?? "", /without --expose-gc: the poll workers cannot reclaim/);
  const semiOnly = gcWarning([SINGLE_THREADED_GC, EXPOSE_GC], ENV);
  assert.match(semiOnly ?? "", /without --max-semi-space-size=1: the main thread's young generation/);
  assert.doesNotMatch(semiOnly ?? "", /helper threads/);
});

test("the bin's shebang and npm start pass exactly the daemon's allocator settings and flags", () => {
  const shebang = readFileSync(path.join(REPO_ROOT, "src/cli/main.ts"), "utf8").split("\n")[0];
  const command = `${DAEMON_ENV.join(" ")} node ${DAEMON_NODE_FLAGS.join(" ")}`;
  assert.equal(shebang, `#!/usr/bin/env -S ${command}`);
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  assert.ok(pkg.scripts.start!.startsWith(`${command} dist/`), pkg.scripts.start);
});
