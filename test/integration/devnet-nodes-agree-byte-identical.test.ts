/**
 * Nodes that agree serve byte-identical states (one build per checkpoint, shared); forked
 * nodes serve valid states whose derived root differs; every state verifies with the
 * project's reader, before and after finality advances.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { checkBlockMatchesState, readSignedBlock, verifyState } from "../../src/lean/index.js";
import { nodeUrl, startTestDevnet } from "../support/devnet.js";
import type { DevnetHandle } from "../support/devnet.js";

let dn: DevnetHandle;

before(async () => {
  dn = await startTestDevnet({ nodes: 6, faults: "forked:2" });
});

after(() => dn.close());

async function bytes(url: string): Promise<Buffer> {
  const res = await fetch(url, { headers: { accept: "application/octet-stream" } });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

async function served(node: number): Promise<{ state: Buffer; block: Buffer }> {
  return { state: await bytes(nodeUrl(dn, node, "state")), block: await bytes(nodeUrl(dn, node, "block")) };
}

async function checkRound(): Promise<void> {
  const honest = await dn.control.expected(0);
  const fork = await dn.control.expected(1);
  const all = await Promise.all([0, 1, 2, 3, 4, 5].map(served));
  for (const [i, s] of all.entries()) {
    const v = verifyState(s.state);
    assert.equal(checkBlockMatchesState(readSignedBlock(s.block), v), null, `node ${i}`);
    const want = i < 4 ? honest : fork;
    assert.deepEqual(v.finalized, want.finalized, `node ${i}`);
    assert.equal(v.stateRoot, want.stateRoot, `node ${i}`);
  }
  for (const i of [1, 2, 3]) assert.ok(all[i].state.equals(all[0].state) && all[i].block.equals(all[0].block), `node ${i} = node 0`);
  assert.ok(all[5].state.equals(all[4].state), "the two forked nodes agree");
  assert.equal(fork.finalized.slot, honest.finalized.slot);
  assert.notEqual(fork.finalized.root, honest.finalized.root);
}

test("honest nodes serve identical bytes, the forked pair its own, all verifying", async () => {
  await checkRound();
});

test("after finality advances every node serves the next checkpoint, still agreeing", async () => {
  const before = await dn.control.expected();
  const next = await dn.control.advanceFinality();
  assert.equal(next.index, before.index + 1);
  assert.ok(next.finalized.slot > before.finalized.slot);
  assert.deepEqual(next.finalized, before.justified);
  await checkRound();
});

test("nodes on different forks disagree with each other too", async () => {
  await dn.control.setBehaviour(5, "forked", { fork: 2 });
  const a = verifyState((await served(4)).state);
  const b = verifyState((await served(5)).state);
  assert.equal(a.finalized.slot, b.finalized.slot);
  assert.notEqual(a.finalized.root, b.finalized.root);
  assert.deepEqual(b.finalized, (await dn.control.expected(2)).finalized);
});
