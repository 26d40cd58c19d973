/**
 * `node dist/scripts/inflight-rss.js [ENDLESS] [daemon flags...]`: the daemon (the real
 * bin, its shebang's flags) polling 25 devnet upstreams of 1 MB states, ENDLESS of them
 * (default 20) serving endless bodies and no block; prints its RSS every second for 24 s
 * and its peak (VmHWM). The devnet runs in this process, so the daemon's figures are its own.
 * Figures: bench/results/2026-12-02-inflight-rss.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDevnet, upstreamsFile } from "../src/devnet/index.js";
import { spawnDaemon } from "../test/support/spawn-daemon.js";

const NODES = 25;
const SECONDS = 24;
const endless = Number(process.argv[2] ?? 20);
const flags = process.argv.slice(3);
const mb = (field: string, pid: number) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

const dn = await startDevnet({ nodes: NODES, stateMb: 1 });
for (let i = NODES - endless; i < NODES; i++) await dn.control.setBehaviour(i, "huge", { bytes: 2 ** 40, chunked: true, block: false });
const file = path.join(tmpdir(), `quorumpoint-inflight-rss-${process.pid}.json`);
writeFileSync(file, JSON.stringify(upstreamsFile(dn.nodes)));
const d = await spawnDaemon(["--upstreams-config", file, ...flags]);
const samples: number[] = [];
for (let s = 0; s < SECONDS; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  samples.push(Math.round(mb("VmRSS", d.child.pid!)));
}
console.log(`endless=${endless} ${flags.join(" ")} peak ${mb("VmHWM", d.child.pid!).toFixed(0)} MB; RSS each second: ${samples.join(" ")}`);
await d.stop();
await dn.close();
