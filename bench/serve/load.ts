/**
 * One load case: autocannon on loopback, keep-alive connections each asking for the same
 * URL again as soon as the previous answer ended, for a fixed time.
 */
import autocannon, { type Client } from "autocannon";

export interface LoadFigures {
  connections: number;
  durationS: number;
  /** Complete 2xx answers per second over the case. */
  requestsPerS: number;
  /** Bytes received per second (headers included), over the case. */
  bytesPerS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Connection errors, timeouts and non-2xx answers together: a healthy case has none. */
  failed: number;
}

/**
 * autocannon appends every body chunk to a string per response (for its body checks): for
 * 16 MB bodies that decoding, not the server, would be the limit. The bench drops the
 * bodies; bytes are still counted as they arrive on the socket.
 */
function dropBodies(client: Client): void {
  client.pipelinedRequests.addBody = () => {};
}

export async function loadFor(url: string, connections: number, durationS: number): Promise<LoadFigures> {
  // A 16 MB answer to each of 64 connections on one shared link takes seconds: no early timeout.
  const r = await autocannon({ url, connections, duration: durationS, timeout: 60, setupClient: dropBodies });
  return {
    connections,
    durationS: r.duration,
    requestsPerS: r["2xx"] / r.duration,
    bytesPerS: r.throughput.total / r.duration,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    failed: r.errors + r.timeouts + r.non2xx,
  };
}
