import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createLogger } from "../../../src/config/index.js";

/** A destination that keeps what was written. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

test("JSON lines at the chosen level and above", () => {
  const out = sink();
  const logger = createLogger("warn", { pretty: false, destination: out.stream });
  logger.info("hidden");
  logger.warn({ setting: "--poll-concurrency" }, "clamped");
  const lines = out.text().trim().split("\n");
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]) as Record<string, unknown>;
  assert.equal(line.level, 40);
  assert.equal(line.msg, "clamped");
  assert.equal(line.setting, "--poll-concurrency");
});

test("children carry their bindings", () => {
  const out = sink();
  createLogger("info", { pretty: false, destination: out.stream }).child({ component: "poll" }).info("round");
  assert.equal((JSON.parse(out.text()) as { component: string }).component, "poll");
});

test("pretty lines are human-readable, not JSON", () => {
  const out = sink();
  createLogger("info", { pretty: true, destination: out.stream }).info("hello there");
  const text = out.text();
  assert.match(text, /INFO/);
  assert.match(text, /hello there/);
  assert.throws(() => JSON.parse(text));
});

test("silent logs nothing", () => {
  const out = sink();
  createLogger("silent", { pretty: false, destination: out.stream }).fatal("nothing");
  assert.equal(out.text(), "");
});
