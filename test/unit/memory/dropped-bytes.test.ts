import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DroppedBytes, RELEASE_AFTER_BYTES } from "../../../src/memory/dropped-bytes.js";

const run = promisify(execFile);
const releaseUrl = new URL("../../../src/memory/dropped-bytes.js", import.meta.url).href;

/**
 * The daemon's pattern in a fresh process (its own heap, no --expose-gc): 16 MB states
 * arrive one at a time, the latest two are kept, and after each arrival the one dropped
 * is released. Returns the external memory (MB above the start) after each release.
 */
async function externalAfterEachDrop(release: "bytesReleaser" | "none"): Promise<number[]> {
  const script = `
    const { bytesReleaser } = await import(${JSON.stringify(releaseUrl)});
    const release = ${release === "none" ? "() => {}" : "bytesReleaser()"};
    const base = process.memoryUsage().external;
    const kept = new Map();
    const seen = [];
    for (let i = 0; i < 8; i++) {
      const bytes = new Uint8Array(16 * 2 ** 20).fill(i);
      await new Promise((r) => setTimeout(r, 20)); // arrives and lives a while, as a body does
      kept.set(i, bytes);
      if (kept.size > 2) kept.delete(kept.keys().next().value);
      await new Promise((r) => setImmediate(r));
      release();
      seen.push((process.memoryUsage().external - base) / 2 ** 20);
    }
    console.log(JSON.stringify(seen));`;
  const { stdout } = await run(process.execPath, ["--single-threaded-gc", "--input-type=module", "-e", script]);
  return JSON.parse(stdout) as number[];
}

test("bytesReleaser frees a dropped state's bytes at once: only the kept two stay allocated", async () => {
  const seen = await externalAfterEachDrop("bytesReleaser");
  for (const [i, mb] of seen.entries()) {
    const kept = Math.min(i + 1, 2);
    assert.ok(mb < kept * 16 + 8, `after arrival ${i}: ${mb.toFixed(1)} MB external, ${kept} states kept`);
  }
});

test("without it, V8 leaves dropped states allocated for rounds (why the daemon releases them)", async () => {
  const seen = await externalAfterEachDrop("none");
  assert.ok(Math.max(...seen) >= 3 * 16, `peak external ${Math.max(...seen).toFixed(1)} MB: dropped states were freed without a release`);
});

test("DroppedBytes releases once RELEASE_AFTER_BYTES were dropped, and reports what it freed", () => {
  let runs = 0;
  const d = new DroppedBytes(() => runs++);
  assert.equal(d.afterRound(), null, "nothing dropped");
  d.dropped(RELEASE_AFTER_BYTES - 1);
  d.dropped(0); // a put that replaced nothing
  assert.equal(d.afterRound(), null, "one byte short");
  assert.equal(runs, 0);
  d.dropped(1);
  const r = d.afterRound();
  assert.equal(runs, 1);
  assert.deepEqual({ states: r?.states, bytes: r?.bytes }, { states: 2, bytes: RELEASE_AFTER_BYTES });
  assert.equal(d.afterRound(), null, "the count starts over");
});
