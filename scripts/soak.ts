/**
 * `npm run soak -- --minutes N`: the daemon (startDaemon, in this process) on its embedded
 * devnet of 8 nodes, 5 always honest and 3 whose faults change every minute (devnet control
 * setBehaviour), polled every second. Prints a line every 15 s (rounds, overruns, errors by
 * code, served checkpoint changes, finality conflicts, RSS) and a summary at the end.
 *
 * Every checkpoint the API serves is checked against the devnet's honest chain: the root at
 * its slot as `control.expected()` reported it (sampled every 200 ms), else the honest node's
 * own state history (historical_block_hashes at that slot). Every few seconds the served
 * bytes themselves are fetched and verified (their root must be the one the headers name).
 * Exits 1 if a forged or conflicting checkpoint was ever served (not the honest root at its
 * slot, or a served slot going backwards), 0 otherwise.
 *
 * Flags: --minutes N (default 30), --rotate-s S (default 60), --report-s S (default 15).
 * RSS is this process's: daemon, devnet worker and this harness together.
 */
import pino from "pino";
import { resolveConfig } from "../src/config/index.js";
import { startDaemon } from "../src/daemon/index.js";
import type { BehaviourName } from "../src/devnet/index.js";
import { readStateHeader, toHex, verifyState } from "../src/lean/index.js";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!(v > 0)) throw new Error(`--${name} needs a positive number`);
  return v;
}

const MINUTES = flag("minutes", 30);
const ROTATE_MS = flag("rotate-s", 60) * 1000;
const REPORT_MS = flag("report-s", 15) * 1000;
const NODES = 8;
const HONEST = 5;
const MiB = 2 ** 20;

type Fault = [BehaviourName, Record<string, unknown>];
/** One phase per rotation: the faults of nodes 5, 6 and 7 (a minority of 8). */
const PHASES: Fault[][] = [
  [["blackhole", {}], ["slow", { delayMs: 1500 }], ["refused", {}]],
  [["forked", { fork: 1 }], ["forked", { fork: 1 }], ["forked", { fork: 1 }]],
  [["wrong-root", {}], ["corrupted", {}], ["truncated", { mode: "close" }]],
  [["flapping", { periodMs: 0 }], ["http-error", { status: 503 }], ["trickle", { chunkBytes: 4096, intervalMs: 50 }]],
  [["bad-block", { mode: "garbage" }], ["no-block", {}], ["json-instead-of-ssz", {}]],
  [["lagging", { checkpoints: 2 }], ["lagging", { checkpoints: 2 }], ["huge", { bytes: 16 * MiB, chunked: true }]],
  [["truncated", { mode: "short" }], ["json-unless-accept", {}], ["forked", { fork: 2 }]],
];

// biome-ignore lint/suspicious/noExplicitAny: the soak reads whichever JSON the API answers
async function json(url: string): Promise<any> {
  const res = await fetch(url);
  return res.json();
}

/** Sum of a Prometheus counter by one label. */
function byLabel(text: string, metric: string, label: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = new RegExp(`^${metric}\\{([^}]*)\\} ([0-9.eE+-]+)$`, "gm");
  for (const m of text.matchAll(re)) {
    const l = new RegExp(`${label}="([^"]*)"`).exec(m[1]!);
    if (l) out.set(l[1]!, (out.get(l[1]!) ?? 0) + Number(m[2]));
  }
  return out;
}
function scalar(text: string, metric: string): number {
  const m = new RegExp(`^${metric} ([0-9.eE+-]+)$`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

async function main(): Promise<number> {
  const { config } = resolveConfig({
    devnet: NODES, stateMb: 1, slotMs: 1000, pollIntervalMs: 1000, timeoutMs: 900, maxStateBytes: 8 * MiB,
    bind: "127.0.0.1", port: 0, workers: 2, logLevel: "silent",
  });
  const daemon = await startDaemon(config, { logger: pino({ level: "silent" }) });
  const control = daemon.devnet!.control;
  const api = daemon.url;
  const started = Date.now();
  const endAt = started + MINUTES * 60_000;
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s`;
  console.log(`soak: ${MINUTES} min, ${NODES} devnet nodes (${HONEST} honest), faults rotate every ${ROTATE_MS / 1000} s; API ${api}`);

  // The honest chain, slot -> root, sampled as it goes.
  const honest = new Map<number, string>();
  const sampleHonest = async () => {
    const x = await control.expected(0);
    honest.set(x.finalized.slot, x.finalized.root);
  };
  /** Root of the honest chain at `slot`: sampled, or from the honest node's own state history. */
  const honestRootAt = async (slot: number): Promise<string | null> => {
    await sampleHonest();
    if (honest.has(slot)) return honest.get(slot)!;
    const bytes = new Uint8Array(await (await fetch(`${daemon.devnet!.urls[0]}/lean/v0/states/finalized`)).arrayBuffer());
    const [start, end] = readStateHeader(bytes).listRanges[0]!;
    const at = start + 32 * slot;
    return at + 32 <= end ? toHex(bytes.subarray(at, at + 32)) : null;
  };

  let phase = -1;
  const setPhase = async (p: number) => {
    phase = p;
    const faults = PHASES[p % PHASES.length]!;
    for (const [i, [name, params]] of faults.entries()) await control.setBehaviour(HONEST + i, name, params);
    console.log(`${elapsed()}  phase ${p}: ${faults.map(([n, ps]) => `${n}${Object.keys(ps).length ? JSON.stringify(ps) : ""}`).join(", ")}`);
  };
  await setPhase(0);

  const served: Array<{ slot: number; root: string; atMs: number }> = [];
  const forged: string[] = [];
  const unknown: string[] = [];
  let bytesChecked = 0;
  let lastBytesCheck = 0;
  let peakRss = 0;
  const rssSamples: number[] = [];
  let nextReport = started + REPORT_MS;

  const report = async (final: boolean) => {
    const metrics = await (await fetch(`${api}/metrics`)).text();
    const status = await json(`${api}/status`);
    const errors = byLabel(metrics, "quorumpoint_upstream_errors_total", "code");
    const rss = process.memoryUsage().rss;
    rssSamples.push(rss);
    const codes = [...errors].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}=${n}`).join(" ");
    const line = `rounds ${scalar(metrics, "quorumpoint_rounds_total")} overruns ${scalar(metrics, "quorumpoint_round_overruns_total")} | ` +
      `served changes ${Math.max(0, served.length - 1)} now slot ${status.served?.slot ?? "-"} (${status.state}) | ` +
      `conflicts ${status.finality_conflicts?.total ?? "n/a"} | forged ${forged.length} | RSS ${(rss / MiB).toFixed(0)} MiB | errors ${codes || "none"}`;
    console.log(`${final ? "  final" : elapsed()}  ${line}`);
    return { metrics, status, errors };
  };

  while (Date.now() < endAt) {
    const p = Math.floor((Date.now() - started) / ROTATE_MS);
    if (p !== phase) await setPhase(p);
    await sampleHonest();
    const status = await json(`${api}/status`);
    const s = status.served as { slot: number; root: string; state_root: string } | null;
    if (s && served.at(-1)?.root !== s.root) {
      const want = await honestRootAt(s.slot);
      const prev = served.at(-1);
      if (want === null) unknown.push(`slot ${s.slot} root ${s.root}`);
      else if (want !== s.root) forged.push(`slot ${s.slot}: served ${s.root}, honest ${want}`);
      if (prev && s.slot < prev.slot) forged.push(`served slot went back from ${prev.slot} to ${s.slot}`);
      served.push({ slot: s.slot, root: s.root, atMs: Date.now() });
    }
    if (Date.now() - lastBytesCheck > 5000) {
      lastBytesCheck = Date.now();
      const res = await fetch(`${api}/lean/v0/states/finalized`);
      if (res.status === 200) {
        const v = verifyState(new Uint8Array(await res.arrayBuffer()));
        bytesChecked++;
        if (res.headers.get("x-quorumpoint-finalized-root") !== v.finalized.root) forged.push(`served bytes prove ${v.finalized.root}, headers say ${res.headers.get("x-quorumpoint-finalized-root")}`);
        const want = await honestRootAt(v.finalized.slot);
        if (want !== null && want !== v.finalized.root) forged.push(`served bytes at slot ${v.finalized.slot} prove ${v.finalized.root}, honest ${want}`);
      } else await res.arrayBuffer();
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (Date.now() >= nextReport) {
      nextReport += REPORT_MS;
      await report(false);
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  const { metrics, status } = await report(true);
  await daemon.close();
  const rounds = scalar(metrics, "quorumpoint_rounds_total");
  const overruns = scalar(metrics, "quorumpoint_round_overruns_total");
  const half = Math.floor(rssSamples.length / 2);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) / MiB;
  console.log("\nsummary");
  console.log(`  duration            ${MINUTES} min, ${phase + 1} fault phases`);
  console.log(`  rounds              ${rounds} (overruns ${overruns})`);
  console.log(`  store outcomes      ${[...byLabel(metrics, "quorumpoint_store_outcomes_total", "outcome")].map(([k, n]) => `${k}=${n}`).join(" ")}`);
  console.log(`  errors by code      ${[...byLabel(metrics, "quorumpoint_upstream_errors_total", "code")].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}=${n}`).join(" ")}`);
  console.log(`  served checkpoints  ${served.length} distinct (${Math.max(0, served.length - 1)} changes), slots ${served[0]?.slot ?? "-"}..${served.at(-1)?.slot ?? "-"}, every one checked against the honest chain; served bytes verified ${bytesChecked} times`);
  console.log(`  finality conflicts  ${status.finality_conflicts?.total ?? "n/a (not in /status)"}`);
  console.log(`  RSS                 peak ${(peakRss / MiB).toFixed(0)} MiB; mean first half ${avg(rssSamples.slice(0, half)).toFixed(0)} MiB, second half ${avg(rssSamples.slice(half)).toFixed(0)} MiB`);
  console.log(`  not on a sampled slot (unchecked) ${unknown.length}${unknown.length ? `: ${unknown.slice(0, 5).join("; ")}` : ""}`);
  console.log(`  forged or conflicting served: ${forged.length}${forged.length ? `\n    ${forged.slice(0, 20).join("\n    ")}` : ""}`);
  return forged.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
