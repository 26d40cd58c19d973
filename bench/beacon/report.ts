/** The beacon bench's table, for the terminal and the results file. */
import { median, ratio } from "../model/stats.js";
import { classifyRounds } from "./rounds.js";
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

/** One state hashed by several threads together: time and speed-up over one thread of the same path. */
export function renderThreadsTable(r: BeaconBenchResults): string {
  const sizes = r.sizes.filter((s) => s.threads.length > 0);
  if (sizes.length === 0) return "";
  const rows = [
    "",
    "One state hashed by several threads together (the poll workers' shared root), every core:",
    "",
    "| validators | threads | median s | speed-up over 1 thread | units hashed by helpers | peak RSS over the bytes MB |",
    "|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of sizes) {
    const one = s.threads.find((t) => t.threads === 1);
    for (const t of s.threads) {
      const up = one === undefined ? "" : `${ratio(one.medianS, t.medianS).toFixed(2)}x`;
      rows.push(`| ${s.validators} | ${t.threads} | ${t.medianS.toFixed(3)} | ${up} | ${median(t.helped)} of ${t.units} | ${(t.extraPeakBytes / MB).toFixed(0)} |`);
    }
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

${renderBeaconTable(r)}${renderThreadsTable(r)}${renderRoundsTable(r)}`;
}

/** The round case: round 1, the steady rounds, each finality change. */
export function renderRoundsTable(r: BeaconBenchResults): string {
  if (r.rounds === null) return "";
  const { startup, steady, changes } = classifyRounds(r.rounds);
  const MiB = 2 ** 20;
  const row = (what: string, rounds: typeof steady) => {
    if (rounds.length === 0) return `| ${what} | 0 | | | | | |`;
    const ms = rounds.map((x) => x.wallMs);
    const mib = rounds.map((x) => x.bytes / MiB);
    return `| ${what} | ${rounds.length} | ${Math.min(...ms)}-${Math.max(...ms)} | ${Math.min(...mib).toFixed(1)}-${Math.max(...mib).toFixed(1)} | ${median(rounds.map((x) => x.downloads))} | ${median(rounds.map((x) => x.claims))} | ${Math.max(...rounds.map((x) => x.loopP99Ms)).toFixed(1)} |`;
  };
  return [
    "",
    `The daemon (2 workers, defaults) polling 16 simulated beacon nodes of ${r.rounds.validators} validators for ${r.rounds.seconds} s:`,
    "",
    "| rounds | count | wall ms | MiB downloaded | state downloads (median) | claim-only votes (median) | event-loop p99 ms (worst) |",
    "|---|---:|---:|---:|---:|---:|---:|",
    row("start-up, to the first state served", startup),
    row("steady (nothing new)", steady),
    row("finality change (new state served)", changes),
  ].join("\n") + "\n";
}
