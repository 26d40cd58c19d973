import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { boundedGet, createAgent, type GetOptions } from "../../../src/worker/http-get.js";
import { phasesFor } from "../../../src/model/phases.js";
import { eventually } from "../../support/eventually.js";

/**
 * A raw TCP server: `answer` writes whatever it likes on each connection once the request
 * head arrived. `closed` resolves for each connection the client (or the server) closes.
 */
async function rawServer(t: { after(fn: () => unknown): void }, answer: (s: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const closed: Array<Promise<void>> = [];
  let requests = 0;
  const server = net.createServer((s) => {
    sockets.add(s);
    closed.push(new Promise((r) => s.on("close", () => r())));
    s.on("error", () => {});
    let head = "";
    s.on("data", (d) => {
      head += d.toString("latin1");
      if (head.includes("\r\n\r\n")) {
        head = "";
        requests++;
        answer(s);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, closed, requests: () => requests };
}

function withAgent(t: { after(fn: () => unknown): void }, agent = createAgent(phasesFor(5000))) {
  t.after(() => agent.destroy());
  return agent;
}

const opts = (o: Partial<GetOptions> = {}): GetOptions => ({
  signal: new AbortController().signal, maxBytes: 1 << 20, accept: "application/octet-stream", collect: true, digest: true, ...o,
});
const head = (status: string, headers: string) => `HTTP/1.1 ${status}\r\n${headers}\r\n`;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a declared Content-Length over the cap is too_large before any body is read; the request is dropped", async (t) => {
  const s = await rawServer(t, (sock) => sock.write(head("200 OK", "Content-Length: 5000000\r\n"))); // then nothing
  const r = await boundedGet(withAgent(t), s.url, opts({ maxBytes: 4_000_000 }));
  assert.ok(!r.ok);
  assert.equal(r.code, "too_large");
  assert.equal(r.status, 200);
  assert.equal(r.bytes, 0);
  await s.closed[0];
});

test("a body growing past the cap mid-stream is too_large and the request is aborted", async (t) => {
  const chunk = Buffer.alloc(16 * 1024, 1);
  const s = await rawServer(t, (sock) => {
    sock.write(head("200 OK", "Transfer-Encoding: chunked\r\n"));
    const pump = setInterval(() => sock.write(`${chunk.length.toString(16)}\r\n${chunk.toString("latin1")}\r\n`, "latin1"), 1);
    sock.on("close", () => clearInterval(pump));
  });
  for (const collect of [true, false]) {
    const r = await boundedGet(withAgent(t), s.url, opts({ maxBytes: 200_000, collect }));
    assert.ok(!r.ok);
    assert.equal(r.code, "too_large");
    assert.ok(r.bytes > 200_000, `${r.bytes} bytes counted, the chunk over the cap included`);
  }
  await Promise.all(s.closed);
});

test("the budget signal aborting mid-body is a timeout with the bytes read so far; the socket is closed", async (t) => {
  let wrote!: () => void;
  const written = new Promise<void>((r) => (wrote = r));
  const s = await rawServer(t, (sock) => sock.write(head("200 OK", "Content-Length: 100000\r\n") + "x".repeat(1000), () => wrote()));
  const ac = new AbortController();
  let received = 0;
  const p = boundedGet(withAgent(t), s.url, opts({ signal: ac.signal, received: (n) => (received += n) }));
  await written;
  await eventually(() => received === 1000, { timeoutMs: 5000, intervalMs: 5, message: () => `the 1000 body bytes written reached the client (${received})` });
  ac.abort(new DOMException("budget of 100 ms ran out", "TimeoutError"));
  const r = await p;
  assert.deepEqual(r, { ok: false, status: 200, code: "timeout", message: `poll budget ran out (${s.url})`, bytes: 1000 });
  await s.closed[0];
});

test("an already aborted signal sends nothing", async (t) => {
  const s = await rawServer(t, (sock) => sock.end(head("200 OK", "Content-Length: 0\r\n")));
  const ac = new AbortController();
  ac.abort(new DOMException("shutdown", "AbortError"));
  const r = await boundedGet(withAgent(t), s.url, opts({ signal: ac.signal }));
  assert.ok(!r.ok && r.code === "timeout" && r.status === 0);
  // A sleep, not a wait: proving that no request arrives needs time to pass.
  await tick(20);
  assert.equal(s.requests(), 0);
});

test("an abort frees the caller at once even while the request still waits for a socket", async (t) => {
  const s = await rawServer(t, () => {}); // accepts, never answers
  const agent = withAgent(t, new Agent({ connections: 1, pipelining: 1 }));
  // The agent's one client, kept: the agent forgets it (and closes it) once its socket drops.
  let client: { stats: { connected: number; pending: number; running: number } } | undefined;
  agent.once("connect", (_origin, targets) => (client = targets[1] as unknown as typeof client));
  const stats = () => client?.stats;
  const first = new AbortController();
  const held = boundedGet(agent, s.url, opts({ signal: first.signal }));
  const ac = new AbortController();
  const queued = boundedGet(agent, s.url, opts({ signal: ac.signal }));
  await eventually(() => s.requests() === 1 && stats()?.pending === 1, {
    timeoutMs: 5000, intervalMs: 5, message: () => `the first request at the server, the second queued for the socket (requests ${s.requests()}, stats ${JSON.stringify(stats())})`,
  });
  ac.abort(new DOMException("budget", "TimeoutError"));
  const r = await Promise.race([queued, tick(2000).then(() => "still waiting")]);
  assert.ok(typeof r === "object" && !r.ok && r.code === "timeout", JSON.stringify(r));
  first.abort(new DOMException("budget", "TimeoutError"));
  assert.equal((await held).ok, false);
  // The abandoned request reaches a fresh socket now, and is dropped before it is written:
  // the client's queue empties with nothing running (a request written would stay running:
  // the server never answers).
  await eventually(() => stats()?.pending === 0 && stats()?.running === 0, {
    timeoutMs: 5000, intervalMs: 5, message: () => `the abandoned request left the queue unsent (stats ${JSON.stringify(stats())})`,
  });
  assert.equal(s.requests(), 1, "only the first request went out");
});

test("a body longer than its Content-Length is cut at the declared length, never returned longer", async (t) => {
  const s = await rawServer(t, (sock) => sock.write(head("200 OK", "Content-Length: 10\r\n") + "0123456789ABCDEFGHIJ"));
  for (const collect of [true, false]) {
    const r = await boundedGet(withAgent(t), s.url, opts({ collect, prefixBytes: 64 }));
    // undici's parser ends the message at its declared length; the surplus never reaches us.
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.bytes, 10);
    assert.equal(Buffer.from(r.body!).toString(), "0123456789");
    assert.equal(r.body!.buffer.byteLength, collect ? 10 : 64);
  }
});

test("a connection closed mid-body is a protocol failure; a refused one is refused", async (t) => {
  const s = await rawServer(t, (sock) => sock.end(head("200 OK", "Content-Length: 1000\r\n") + "y".repeat(100)));
  const r = await boundedGet(withAgent(t), s.url, opts());
  assert.ok(!r.ok);
  assert.equal(r.code, "protocol");
  const dead = net.createServer();
  await new Promise<void>((res) => dead.listen(0, "127.0.0.1", res));
  const port = (dead.address() as AddressInfo).port;
  await new Promise<void>((res) => dead.close(() => res()));
  const refused = await boundedGet(withAgent(t), `http://127.0.0.1:${port}/`, opts());
  assert.ok(!refused.ok && refused.code === "refused" && refused.status === 0);
});

test("a big error body is not read: the failure comes back without draining it", async (t) => {
  const s = await rawServer(t, (sock) => {
    sock.write(head("500 Internal Server Error", "Transfer-Encoding: chunked\r\n"));
    const pump = setInterval(() => sock.write(`4000\r\n${"e".repeat(0x4000)}\r\n`), 1);
    sock.on("close", () => clearInterval(pump));
  });
  const r = await boundedGet(withAgent(t), s.url, opts());
  assert.deepEqual(r, { ok: false, status: 500, code: "http_500", message: `HTTP 500 from ${s.url}`, bytes: 0 });
  await s.closed[0];
  const big = await rawServer(t, (sock) => sock.write(head("502 Bad Gateway", "Content-Length: 10000000\r\n")));
  const r2 = await boundedGet(withAgent(t), big.url, opts());
  assert.ok(!r2.ok && r2.code === "http_502");
  await big.closed[0];
});

test("undici's headers phase ends a silent upstream as a timeout", async (t) => {
  const s = await rawServer(t, () => {});
  const r = await boundedGet(withAgent(t, createAgent(phasesFor(200))), s.url, opts());
  assert.ok(!r.ok);
  assert.equal(r.code, "timeout");
  assert.match(r.message, /no response headers in time/);
});

test("a TCP reset after the status line is a body cut short (protocol); one before any response is refused", async (t) => {
  const mid = await rawServer(t, (sock) => {
    sock.write(head("200 OK", "Content-Length: 100000\r\n") + "x".repeat(1000));
    setTimeout(() => sock.resetAndDestroy(), 20);
  });
  const cut = await boundedGet(withAgent(t), mid.url, opts());
  assert.ok(!cut.ok);
  assert.equal(cut.code, "protocol", cut.message);
  assert.match(cut.message, /reset mid-response/);

  const early = await rawServer(t, (sock) => sock.resetAndDestroy());
  const refused = await boundedGet(withAgent(t), early.url, opts());
  assert.ok(!refused.ok);
  assert.equal(refused.code, "refused", refused.message);
});
