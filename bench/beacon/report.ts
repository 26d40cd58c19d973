/** The beacon bench's table, for the terminal and the results file. */
import { ratio } from "../model/stats.js";
import type { BeaconBenchResults } from "./run.js";

const MB = 1e6;

export function renderBeaconTable(r: BeaconBenchResults): string {
  const rows = [
    "| validators | state MB | method | runs | median s | peak RSS over the bytes MB | x state size | vs Lodestar | vs SHA-256 |",
    "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of r.sizes) {
    const by = new Map(s.methods.map((m) => [m.method, m]));
    for (const m of s.methods) {
      const lodestar = by.get("lodestar");
      const sha = by.get("sha256");
      const vsLodestar = m.method === "lodestar" || lodestar === undefined ? "" : `${ratio(lodestar.medianS, m.medianS).toFixed(1)}x faster`;
      const vsSha = m.method === "sha256" || sha === undefined ? "" : `${ratio(m.medianS, sha.medianS).toFixed(1)}x slower`;
      rows.push(
        `| ${s.validators} | ${(s.stateBytes / MB).toFixed(1)} | ${m.method} | ${m.timesS.length} | ${m.medianS.toFixed(3)} | ${(m.extraPeakBytes / MB).toFixed(0)} | ${(m.extraPeakBytes / s.stateBytes).toFixed(2)} | ${vsLodestar} | ${vsSha} |`,
      );
    }
    for (const k of s.skipped) rows.push(`| ${s.validators} | ${(s.stateBytes / MB).toFixed(1)} | ${k.method} | 0 | skipped: ${k.why} | | | | |`);
  }
  return rows.join("\n") + "\n";
}

export function renderBeaconReport(r: BeaconBenchResults): string {
  const m = r.machine;
  return `# ${r.date}: beacon state hash_tree_root, from the bytes vs Lodestar's tree view vs SHA-256

Command: \`${r.command}\` (commit ${r.commit}). Synthetic mainnet-preset ${r.fork} states built as
the beacon devnet builds them (its validator registry, every other field a default value).
Each method and size ran in a process of its own${r.oneCore ? ", pinned to one core (taskset -c 0)" : ", on every core"}: the
time is the median of its runs, the memory is that process's peak RSS minus its RSS once
the state's bytes were read. Every root was asserted equal to the devnet's.
Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, load ${m.loadStart.toFixed(1)} -> ${m.loadEnd.toFixed(1)} (shared).

${renderBeaconTable(r)}`;
}
