/**
 * --max-inflight-bytes bounds what polls hold when the root is not known before the body
 * (the upstream serves no finalized block, as qlean's nodes): the daemon, a real CLI process
 * with every setting at its default, stays within the budget plus a stated overhead. Its
 * peak RSS is the kernel's (VmHWM), read from /proc. The devnet runs in this test's process.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDevnet, upstreamsFile } from "../../src/devnet/index.js";
import { spawnDaemon, type SpawnedDaemon } from "../support/spawn-daemon.js";
import { eventually } from "../support/eventually.js";

const MiB = 2 ** 20;
/** What the daemon holds beside the body budget: Node and V8, the pool's workers, the served state and its copies. */
const OVERHEAD_MB = 240;
const DEFAULT_BUDGET_MB = 128;

function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!kb) throw new Error(`no VmHWM for ${pid}`);
  return Number(kb[1]) / 1024;
}

async function rounds(d: SpawnedDaemon, n: number, timeoutMs: number): Promise<void> {
  await eventually(() => d.lines.filter((l) => l.msg === "round").length >= n, { timeoutMs, intervalMs: 250, message: () => `${n} rounds` });
}

function writeUpstreams(name: string, nodes: Parameters<typeof upstreamsFile>[0]): string {
  const file = path.join(tmpdir(), `quorumpoint-${name}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(upstreamsFile(nodes)));
  return file;
}

test("defaults: 5 healthy and 20 endless-body upstreams that serve no block keep the daemon under 400 MB", { timeout: 120_000 }, async (t) => {
  const dn = await startDevnet({ nodes: 25, stateMb: 1 });
  t.after(() => dn.close());
  for (let i = 5; i < 25; i++) await dn.control.setBehaviour(i, "huge", { bytes: 2 ** 40, chunked: true, block: false });
  const d = await spawnDaemon(["--upstreams-config", writeUpstreams("endless", dn.nodes)]);
  t.after(() => d.stop());
  await rounds(d, 6, 60_000);
  const peak = peakRssMb(d.child.pid!);
  const statuses = (await (await fetch(`${d.url}/api/upstreams`)).json()) as { upstreams: Array<{ healthy: boolean; last_error: string | null }> };
  t.diagnostic(`peak RSS ${peak.toFixed(0)} MB; endless upstreams ended as ${[...new Set(statuses.upstreams.slice(5).map((u) => u.last_error))].join(", ")}`);
  assert.ok(statuses.upstreams.slice(0, 5).every((u) => u.healthy), "the healthy upstreams are polled and verified");
  assert.ok(peak < 400, `peak RSS ${peak.toFixed(0)} MB`);
});

test("64 upstreams serving 16 MB states and no block: peak RSS within the body budget plus the overhead", { timeout: 120_000 }, async (t) => {
  const dn = await startDevnet({ nodes: 64, stateMb: 16, faults: "no-block:64" });
  t.after(() => dn.close());
  const d = await spawnDaemon(["--upstreams-config", writeUpstreams("no-block", dn.nodes)]);
  t.after(() => d.stop());
  await rounds(d, 4, 60_000);
  const peak = peakRssMb(d.child.pid!);
  const status = (await (await fetch(`${d.url}/status`)).json()) as { served: { slot: number } | null };
  t.diagnostic(`peak RSS ${peak.toFixed(0)} MB against ${DEFAULT_BUDGET_MB} MB of body budget + ${OVERHEAD_MB} MB; served slot ${status.served?.slot ?? "none"}`);
  assert.ok(status.served !== null, "64 agreeing upstreams: a state is served");
  assert.ok(peak < DEFAULT_BUDGET_MB + OVERHEAD_MB, `peak RSS ${peak.toFixed(0)} MB`);
  assert.ok(peak > 16 * MiB / MiB, "the daemon held at least one state");
});
