import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { phasesFor } from "../../../src/model/phases.js";
import { BodyBudget } from "../../../src/shm/body-budget.js";
import { PollBodyHold } from "../../../src/worker/body-hold.js";
import { boundedGet, createAgent } from "../../../src/worker/http-get.js";

const BODY = Buffer.alloc(256 * 1024, 7);

async function serve(chunked: boolean) {
  const server = createServer((_req, res) => {
    res.writeHead(200, chunked ? { "content-type": "application/octet-stream" } : { "content-type": "application/octet-stream", "content-length": BODY.length });
    for (let i = 0; i < BODY.length; i += 16 * 1024) res.write(BODY.subarray(i, i + 16 * 1024));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const chunked of [false, true]) {
  test(`a kept body past the shared budget is hashed only, and gives its bytes back (${chunked ? "chunked" : "Content-Length"})`, async (t) => {
    const s = await serve(chunked);
    const agent = createAgent(phasesFor(5000));
    t.after(async () => {
      await agent.close();
      await s.close();
    });
    const budget = BodyBudget.create(100 * 1024);
    const hold = new PollBodyHold(budget);
    const get = () => boundedGet(agent, s.url, { signal: AbortSignal.timeout(5000), maxBytes: 1 << 20, accept: "*/*", collect: true, digest: true, prefixBytes: 228, budget: hold });
    const r = await get();
    assert.ok(r.ok);
    assert.equal(r.ok && r.overBudget, true);
    assert.equal(r.ok && r.digest, "0x" + createHash("sha256").update(BODY).digest("hex"), "the digest covers the whole body");
    assert.equal(r.ok && r.body?.length, 228, "only the prefix is kept");
    assert.equal(budget.heldBytes, 0, "what it reserved before the budget ran out is given back");

    const roomy = new PollBodyHold(BodyBudget.create(1 << 20));
    const kept = await boundedGet(agent, s.url, { signal: AbortSignal.timeout(5000), maxBytes: 1 << 20, accept: "*/*", collect: true, digest: true, budget: roomy });
    assert.ok(kept.ok && !kept.overBudget && kept.body?.length === BODY.length, "under the budget the body is kept");
    roomy.releaseAll();
  });
}
