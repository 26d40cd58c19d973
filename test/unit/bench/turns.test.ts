import assert from "node:assert/strict";
import { test } from "node:test";
import type { Phase } from "../../../bench/model/protocol.js";
import { TurnGate } from "../../../bench/turns.js";
import { eventually } from "../../support/eventually.js";

/** A gate with `n` runners that records whose turn started; `ask` queues a round request. */
function setup(n: number) {
  const gate = new TurnGate();
  const ids = Array.from({ length: n }, () => gate.join());
  const started: string[] = [];
  const ask = (id: number, phase: Phase, index: number) => gate.request(id, phase, index, () => started.push(`${id}:${phase}${index}`));
  return { gate, ids, started, ask };
}

test("no turn starts until every runner alive waits for one, and only one runs at a time", () => {
  const { gate, started, ask } = setup(3);
  ask(0, "warmup", 0);
  ask(1, "warmup", 0);
  assert.deepEqual(started, [], "runner 2 is still starting up");
  ask(2, "warmup", 0);
  assert.deepEqual(started, ["0:warmup0"]);
  ask(0, "change", 0); // asked while it runs: nothing starts
  assert.deepEqual(started, ["0:warmup0"]);
  gate.done(0);
  assert.deepEqual(started, ["0:warmup0", "1:warmup0"]);
});

test("rounds interleave in an order rotated by the round index", async () => {
  const { gate } = setup(3);
  const order: number[] = [];
  const next = [0, 0, 0];
  // Each runner asks for its next round as soon as its own ends, as real runners do, and leaves after 3.
  const askNext = (id: number): void => {
    const i = next[id]!;
    if (i === 3) return gate.leave(id);
    next[id] = i + 1;
    gate.request(id, "change", i, () => {
      order.push(id);
      queueMicrotask(() => {
        gate.done(id);
        askNext(id);
      });
    });
  };
  for (const id of [0, 1, 2]) askNext(id);
  await eventually(() => order.length >= 9, { timeoutMs: 2000, message: () => `nine rounds run (${JSON.stringify(order)})` });
  assert.deepEqual(order, [0, 1, 2, 1, 2, 0, 2, 0, 1]);
});

test("phases stay aligned: a runner's learning rounds all come before anyone's change rounds", () => {
  const { gate, started, ask } = setup(2);
  ask(0, "change", 0);
  ask(1, "learn", 0);
  assert.deepEqual(started, ["1:learn0"]);
  gate.done(1);
  assert.deepEqual(started, ["1:learn0"], "runner 1 has not asked for its next round yet");
  ask(1, "learn", 1);
  gate.done(1);
  ask(1, "change", 0);
  assert.deepEqual(started, ["1:learn0", "1:learn1", "0:change0"]);
});

test("a runner that leaves (done or failed) no longer holds the others back", () => {
  const { gate, started, ask } = setup(2);
  ask(0, "warmup", 0);
  assert.deepEqual(started, []);
  gate.leave(1);
  assert.deepEqual(started, ["0:warmup0"]);
  gate.leave(0); // leaving while running frees the turn too
  gate.leave(0); // and twice is harmless
  assert.deepEqual(started, ["0:warmup0"]);
});
