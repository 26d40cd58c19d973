/**
 * A client flood from a real load generator (autocannon) on the two busiest public paths,
 * `/lean/v0/states/finalized` (1 MiB bodies) and `/api/upstreams`, while the daemon polls its
 * embedded devnet (one slow and one blackholed node among 6) every second: every round
 * of the flood window closes on time (no overrun, none missing, in /api/rounds and in the
 * round log lines) and the API keeps answering. The daemon runs as the real CLI in its own
 * process, so the load generator does not share its event loop; the event-loop delay is the
 * daemon's own (its /metrics, prom-client's monitorEventLoopDelay histogram, reset at each
 * scrape, so the scrape after the flood covers the flood; its samples include prom-client's
 * 10 ms sampling interval: an idle daemon reads p50 ~10 ms). The figures are printed; the
 * 20 ms event-loop goal is the bench's to hold, this test asserts only a generous bound.
 * (autocannon's own parser caps it near 30 MiB/s of 1 MiB bodies on this box; curl fetches
 * one in 5-20 ms.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import autocannon from "autocannon";
import { spawnDaemon, waitForJson } from "../support/spawn-daemon.js";

const FLOOD_S = 6;
const INTERVAL_MS = 1000;
/** Connections per path: both together stay under --max-connections-per-address (32). */
const CONNECTIONS = 12;
/** prom-client's monitorEventLoopDelay resolution: every sample includes it. */
const LAG_RESOLUTION_MS = 10;

interface Round { round: number; startedMs: number; wallMs: number; overrun: boolean; outcome: string }

/** One Prometheus sample by name (no labels). */
function sample(text: string, name: string): number {
  const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, "m").exec(text);
  assert.ok(m, `metric ${name} in /metrics`);
  return Number(m[1]);
}

test("a client flood on the state and upstreams paths: every round closes on time, the API keeps answering", async (t) => {
  const d = await spawnDaemon([
    "--devnet", "6", "--devnet-faults", "slow:1@300,blackhole:1", "--state-mb", "1", "--slot-ms", "2000",
    "--poll-interval-ms", String(INTERVAL_MS), "--timeout-ms", "700", "--workers", "2",
  ]);
  t.after(() => d.stop());
  await waitForJson<{ state: string }>(`${d.url}/status`, (s) => s.state === "fresh", 20_000);

  await (await fetch(`${d.url}/metrics`)).text(); // resets the event-loop histogram: the next scrape covers the flood
  const before = (await waitForJson<{ rounds: Round[] }>(`${d.url}/api/rounds`, (j) => j.rounds.length > 0)).rounds.at(-1)!.round;
  const floodStart = Date.now();
  const [states, upstreams] = await Promise.all([
    autocannon({ url: `${d.url}/lean/v0/states/finalized`, connections: CONNECTIONS, duration: FLOOD_S, timeout: 5 }),
    autocannon({ url: `${d.url}/api/upstreams`, connections: CONNECTIONS, duration: FLOOD_S, timeout: 5 }),
  ]);
  const floodEnd = Date.now();
  const metrics = await (await fetch(`${d.url}/metrics`)).text();
  const lagP99Ms = sample(metrics, "nodejs_eventloop_lag_p99_seconds") * 1000;
  const lagMaxMs = sample(metrics, "nodejs_eventloop_lag_max_seconds") * 1000;

  for (const [name, r] of [["/lean/v0/states/finalized", states], ["/api/upstreams", upstreams]] as const) {
    t.diagnostic(`${name}: ${Math.round(r.requests.average)} req/s, ${(r.throughput.average / 2 ** 20).toFixed(1)} MiB/s, ` +
      `latency p50 ${r.latency.p50} ms p99 ${r.latency.p99} ms max ${r.latency.max} ms, ${r["2xx"]} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  t.diagnostic(`daemon event loop during the flood: p99 ${lagP99Ms.toFixed(1)} ms, max ${lagMaxMs.toFixed(1)} ms ` +
    `(delay past the ${LAG_RESOLUTION_MS} ms sampling interval: p99 ${(lagP99Ms - LAG_RESOLUTION_MS).toFixed(1)} ms, max ${(lagMaxMs - LAG_RESOLUTION_MS).toFixed(1)} ms)`);

  // Rounds that started inside the flood window, from the API and from the log lines.
  await waitForJson<{ rounds: Round[] }>(`${d.url}/api/rounds`, (j) => j.rounds.some((r) => r.startedMs > floodEnd), 5000);
  const rounds = (await waitForJson<{ rounds: Round[] }>(`${d.url}/api/rounds`, () => true)).rounds
    .filter((r) => r.round > before && r.startedMs >= floodStart && r.startedMs + r.wallMs <= floodEnd);
  const logged = d.lines.filter((l) => l.msg === "round" && (l.round as number) > before);
  t.diagnostic(`${rounds.length} rounds in the flood window: wall ${Math.min(...rounds.map((r) => r.wallMs))}-${Math.max(...rounds.map((r) => r.wallMs))} ms; ` +
    `outcomes ${[...new Set(rounds.map((r) => r.outcome))].join(", ")}`);

  assert.ok(rounds.length >= Math.floor((floodEnd - floodStart) / INTERVAL_MS) - 2, `a round every ${INTERVAL_MS} ms through the flood (got ${rounds.length})`);
  for (const [i, r] of rounds.entries()) {
    assert.equal(r.overrun, false, `round ${r.round} did not overrun`);
    assert.ok(r.wallMs < INTERVAL_MS, `round ${r.round} closed within its interval (${r.wallMs} ms)`);
    if (i > 0) assert.equal(r.round, rounds[i - 1]!.round + 1, "no round missing");
  }
  assert.ok(logged.length > 0 && logged.every((l) => l.overrun === false), "no round log line says overrun");
  assert.equal(states.errors + upstreams.errors, 0, "no client connection failed");
  assert.ok(states["2xx"] > 0 && upstreams["2xx"] > 0, "both paths answered");
  assert.ok(lagMaxMs < 1000, `the daemon's event loop never stalled for a second (max ${lagMaxMs.toFixed(1)} ms)`);
});
