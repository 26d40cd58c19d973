/** A node:http server on 127.0.0.1 and a poll worker's undici Agent for it, both closed after the test. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestContext } from "node:test";
import type { Agent } from "undici";
import { phasesFor } from "../../src/model/phases.js";
import { createAgent } from "../../src/worker/http-get.js";

export async function serveWithAgent(t: Pick<TestContext, "after">, handler: http.RequestListener): Promise<{ url: string; server: http.Server; agent: Agent }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const agent = createAgent(phasesFor(5000));
  t.after(async () => {
    await agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, agent };
}
