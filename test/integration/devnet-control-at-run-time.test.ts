/**
 * The comlink control surface: a behaviour switched at run time changes the very next
 * request; refused closes and reopens the port; bad calls fail with their codes; the
 * finality clock pauses and resumes; close() frees held sockets.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { Agent, request } from "undici";
import { QuorumpointError } from "../../src/model/errors.js";
import { verifyState } from "../../src/lean/index.js";
import { eventually } from "../support/eventually.js";
import { nodeUrl, startTestDevnet } from "../support/devnet.js";

async function status(agent: Agent, url: string, waitMs = 5000): Promise<number | string> {
  try {
    const res = await request(url, { dispatcher: agent, signal: AbortSignal.timeout(waitMs) });
    await res.body.arrayBuffer();
    return res.statusCode;
  } catch (e) {
    const err = e as { name?: string; code?: string };
    return err.name === "TimeoutError" ? "timeout" : (err.code ?? String(e));
  }
}

test("healthy -> blackhole -> healthy, and refused -> healthy, change the next request", async (t) => {
  const dn = await startTestDevnet({ nodes: 2 });
  const agent = new Agent();
  t.after(async () => {
    await agent.close();
    await dn.close();
  });
  const url = nodeUrl(dn, 1, "state");
  assert.equal(await status(agent, url), 200);
  const info = await dn.control.setBehaviour(1, "blackhole");
  assert.equal(info.behaviour, "blackhole");
  assert.equal(await status(agent, url, 300), "timeout");
  await dn.control.setBehaviour(1, "healthy");
  assert.equal(await status(agent, url), 200);

  await dn.control.setBehaviour(1, "refused");
  assert.equal(await status(agent, url), "ECONNREFUSED");
  assert.equal((await dn.control.list())[1].listening, false);
  await dn.control.setBehaviour(1, "http-error", { status: 500 });
  assert.equal(await status(agent, url), 500);
  const list = await dn.control.list();
  assert.deepEqual([list[1].behaviour, list[1].params, list[1].listening, list[1].url], ["http-error", { status: 500 }, true, dn.urls[1]]);
  assert.ok(list[1].requests >= 4);
});

test("bad control calls fail with their codes and change nothing", async (t) => {
  const dn = await startTestDevnet({ nodes: 2 });
  t.after(() => dn.close());
  const code = (p: Promise<unknown>): Promise<string> => p.then(() => "none", (e: unknown) => (e instanceof QuorumpointError ? e.code : String(e)));
  assert.equal(await code(dn.control.setBehaviour(0, "slow", { delayMs: -5 })), "DEVNET_BAD_BEHAVIOUR");
  assert.equal(await code(dn.control.setBehaviour(0, "nope" as never)), "DEVNET_BAD_BEHAVIOUR");
  assert.equal(await code(dn.control.setBehaviour(2, "blackhole")), "DEVNET_NO_SUCH_NODE");
  assert.deepEqual((await dn.control.list()).map((n) => n.behaviour), ["healthy", "healthy"]);
});

test("the finality clock advances on its own, pauses and resumes", async (t) => {
  const dn = await startTestDevnet({ nodes: 1, clock: "running", slotMs: 20, finalityEverySlots: 1 });
  t.after(() => dn.close());
  let index = -1;
  const waitForIndex = async (min: number): Promise<number> => {
    await eventually(async () => {
      index = (await dn.control.expected()).index;
      return index >= min;
    }, {
      timeoutMs: 5000, message: () => `the finality index at ${min} (it is ${index})`,
    });
    return index;
  };
  await waitForIndex(2);
  await dn.control.pauseFinality();
  const paused = (await dn.control.expected()).index;
  // A sleep, not a wait: proving the paused clock does NOT advance needs time to pass (ten slots).
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await dn.control.expected()).index, paused);
  const served = verifyState(Buffer.from(await (await fetch(nodeUrl(dn, 0, "state"))).arrayBuffer()));
  assert.deepEqual(served.finalized, (await dn.control.expected()).finalized);
  await dn.control.resumeFinality();
  assert.ok((await waitForIndex(paused + 1)) > paused);
});

test("close() ends held blackhole sockets and the worker", async () => {
  const dn = await startTestDevnet({ nodes: 1, faults: "blackhole:1" });
  const sock = connect(Number(new URL(dn.urls[0]).port), "127.0.0.1");
  await new Promise<void>((resolve) => sock.once("connect", resolve));
  sock.write("GET /lean/v0/states/finalized HTTP/1.1\r\nHost: devnet\r\n\r\n");
  sock.resume();
  const closed = new Promise<void>((resolve) => sock.once("close", () => resolve()));
  await eventually(async () => (await dn.control.list())[0]!.requests >= 1, { timeoutMs: 5000, message: "the blackhole node holds the request" });
  await dn.close();
  await closed;
  await dn.close(); // idempotent
  await assert.rejects(dn.control.list(), (e: unknown) => e instanceof QuorumpointError && e.code === "DEVNET_CLOSED");
});
