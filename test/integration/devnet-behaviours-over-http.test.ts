/**
 * Every devnet behaviour, observed from a plain undici client (and a raw socket where the
 * point is what happens on the wire). One devnet, one node per behaviour.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { Agent, request } from "undici";
import { QuorumpointError } from "../../src/model/errors.js";
import { checkBlockMatchesState, readSignedBlock, verifyState } from "../../src/lean/index.js";
import { nodeUrl, startTestDevnet } from "../support/devnet.js";
import type { BehaviourName, DevnetHandle, ExpectedCheckpoint } from "../support/devnet.js";

const MiB = 2 ** 20;
const LAYOUT: [BehaviourName, Record<string, unknown>][] = [
  ["healthy", {}],
  ["lagging", { checkpoints: 2 }],
  ["forked", { fork: 1 }],
  ["slow", { delayMs: 400 }],
  ["trickle", { chunkBytes: 512, intervalMs: 1 }],
  ["blackhole", {}],
  ["refused", {}],
  ["http-error", {}],
  ["http-error", { status: 404 }],
  ["json-instead-of-ssz", {}],
  ["truncated", {}],
  ["truncated", { mode: "close" }],
  ["corrupted", {}],
  ["wrong-root", {}],
  ["huge", { bytes: 4 * MiB }],
  ["huge", { bytes: 4 * MiB, chunked: true }],
  ["flapping", {}],
];
const node = (name: BehaviourName, nth = 0): number => LAYOUT.map((l, i) => [l[0], i] as const).filter(([n]) => n === name)[nth][1];

let dn: DevnetHandle;
let agent: Agent;
let start: ExpectedCheckpoint;
let now: ExpectedCheckpoint;

before(async () => {
  dn = await startTestDevnet({ nodes: LAYOUT.length });
  agent = new Agent({ keepAliveTimeout: 100 });
  start = await dn.control.expected();
  for (const [i, [name, params]] of LAYOUT.entries()) await dn.control.setBehaviour(i, name, params);
  now = await dn.control.advanceFinality(2);
});

after(async () => {
  await agent.close();
  await dn.close();
});

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  chunks: number;
}

/**
 * `waitMs` bounds the wait for the response headers with an AbortSignal: undici's own
 * headersTimeout runs on a coarse (~0.5 s) timer, too blunt for a 400 ms delay.
 */
async function get(url: string, opts: { waitMs?: number; dispatcher?: Agent } = {}): Promise<Got> {
  const signal = opts.waitMs === undefined ? undefined : AbortSignal.timeout(opts.waitMs);
  const res = await request(url, { dispatcher: opts.dispatcher ?? agent, signal });
  const parts: Buffer[] = [];
  for await (const chunk of res.body) parts.push(chunk as Buffer);
  return { status: res.statusCode, headers: res.headers, body: Buffer.concat(parts), chunks: parts.length };
}

const state = (name: BehaviourName, nth = 0): Promise<Got> => get(nodeUrl(dn, node(name, nth), "state"));
const errorCode = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => "none",
    (e: { code?: string; name?: string }) => (e.name === "TimeoutError" ? "timeout" : (e.code ?? String(e))),
  );

test("healthy: SSZ state with Content-Length, its block, and the small JSON endpoints", async () => {
  const s = await state("healthy");
  assert.equal(s.status, 200);
  assert.equal(s.headers["content-type"], "application/octet-stream");
  assert.equal(Number(s.headers["content-length"]), s.body.length);
  const v = verifyState(s.body);
  assert.deepEqual(v.finalized, now.finalized);
  assert.equal(v.stateRoot, now.stateRoot);
  const block = await get(nodeUrl(dn, 0, "block"));
  assert.equal(checkBlockMatchesState(readSignedBlock(block.body), v), null);
  assert.deepEqual(JSON.parse((await get(nodeUrl(dn, 0, "justified"))).body.toString()), now.justified);
  assert.deepEqual(JSON.parse((await get(nodeUrl(dn, 0, "health"))).body.toString()), { status: "healthy", service: "lean-rpc-api" });
  const fc = await get(nodeUrl(dn, 0, "forkChoice"));
  assert.ok(fc.body.length < 4096);
  assert.deepEqual(JSON.parse(fc.body.toString()).finalized, now.finalized);
});

test("lagging: serves the honest checkpoint from N advances ago", async () => {
  assert.deepEqual(verifyState((await state("lagging")).body).finalized, start.finalized);
});

test("forked: a valid state and block whose derived root differs from the honest one", async () => {
  const v = verifyState((await state("forked")).body);
  assert.equal(v.finalized.slot, now.finalized.slot);
  assert.notEqual(v.finalized.root, now.finalized.root);
  assert.equal(checkBlockMatchesState(readSignedBlock((await get(nodeUrl(dn, node("forked"), "block"))).body), v), null);
});

test("slow: no headers within a short timeout, the whole state with a longer one", async () => {
  assert.equal(await errorCode(get(nodeUrl(dn, node("slow"), "state"), { waitMs: 100 })), "timeout");
  const s = await get(nodeUrl(dn, node("slow"), "state"), { waitMs: 10_000 });
  assert.ok(s.body.equals((await state("healthy")).body));
});

test("trickle: the body arrives a few bytes at a time, but whole", async () => {
  const s = await state("trickle");
  assert.ok(s.body.equals((await state("healthy")).body));
  assert.ok(s.chunks >= s.body.length / 512 / 4, `${s.chunks} chunks for ${s.body.length} bytes`);
});

test("blackhole: accepts the connection and the request, never writes a byte, keeps the socket", async () => {
  assert.equal(await errorCode(get(nodeUrl(dn, node("blackhole"), "health"), { waitMs: 150 })), "timeout");
  const sock = connect(Number(new URL(dn.urls[node("blackhole")]).port), "127.0.0.1");
  let received = 0;
  let ended = false;
  sock.on("data", (d: Buffer) => (received += d.length));
  sock.on("close", () => (ended = true));
  await new Promise<void>((resolve) => sock.once("connect", resolve));
  sock.write("GET /lean/v0/states/finalized HTTP/1.1\r\nHost: devnet\r\n\r\n");
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(received, 0);
  assert.equal(ended, false);
  sock.destroy();
});

test("refused: the port is closed", async () => {
  assert.equal(await errorCode(state("refused")), "ECONNREFUSED");
});

test("http-error: 503 by default, or the status asked for", async () => {
  assert.equal((await state("http-error")).status, 503);
  assert.equal((await state("http-error", 1)).status, 404);
  assert.equal((await get(nodeUrl(dn, node("http-error"), "block"))).status, 503);
});

test("json-instead-of-ssz: a JSON body with application/json", async () => {
  const s = await state("json-instead-of-ssz");
  assert.equal(s.status, 200);
  assert.equal(s.headers["content-type"], "application/json");
  assert.equal(JSON.parse(s.body.toString()).slot, now.finalized.slot);
});

test("truncated: an honest short Content-Length, or a cut connection; neither decodes", async () => {
  const full = (await state("healthy")).body;
  const short = await state("truncated");
  assert.equal(Number(short.headers["content-length"]), short.body.length);
  assert.ok(short.body.equals(full.subarray(0, Math.floor(full.length / 2))));
  assert.throws(() => verifyState(short.body), (e: unknown) => e instanceof QuorumpointError && e.code.startsWith("SSZ_"));
  assert.equal(await errorCode(state("truncated", 1)), "UND_ERR_SOCKET");
});

test("corrupted: full-length bytes that do not decode", async () => {
  const s = await state("corrupted");
  assert.equal(s.body.length, (await state("healthy")).body.length);
  assert.throws(() => verifyState(s.body), (e: unknown) => e instanceof QuorumpointError && e.code.startsWith("SSZ_"));
});

test("wrong-root: the honest block, and state bytes that decode but do not hash to its state_root", async () => {
  const i = node("wrong-root");
  const block = (await get(nodeUrl(dn, i, "block"))).body;
  assert.ok(block.equals((await get(nodeUrl(dn, 0, "block"))).body));
  const v = verifyState((await state("wrong-root")).body);
  assert.notEqual(v.stateRoot, now.stateRoot);
  assert.match(checkBlockMatchesState(readSignedBlock(block), v) ?? "", /state_root/);
});

test("huge: passes any cap, whether the client counts bytes or undici enforces maxResponseSize", async () => {
  const cap = MiB;
  for (const nth of [0, 1]) {
    const res = await request(nodeUrl(dn, node("huge", nth), "state"), { dispatcher: agent });
    assert.equal(res.headers["content-length"], nth === 0 ? String(4 * MiB) : undefined);
    let seen = 0;
    for await (const chunk of res.body) {
      seen += (chunk as Buffer).length;
      if (seen > cap) break; // leaving the loop destroys the body
    }
    assert.ok(seen > cap);
  }
  const capped = new Agent({ maxResponseSize: cap });
  try {
    assert.equal(await errorCode(get(nodeUrl(dn, node("huge"), "state"), { dispatcher: capped })), "UND_ERR_RES_EXCEEDED_MAX_SIZE");
    assert.equal((await get(nodeUrl(dn, 0, "state"), { dispatcher: capped })).status, 200);
  } finally {
    await capped.close();
  }
});

test("flapping: healthy, then 503, then a blackhole, then healthy again, request by request", async () => {
  await dn.control.setBehaviour(node("flapping"), "flapping");
  const url = nodeUrl(dn, node("flapping"), "state");
  assert.equal((await get(url)).status, 200);
  assert.equal((await get(url)).status, 503);
  assert.equal(await errorCode(get(url, { waitMs: 150 })), "timeout");
  assert.equal((await get(url)).status, 200);
});
