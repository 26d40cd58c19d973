/**
 * One workload's comparison as table rows, shared by the terminal and the Markdown
 * report. Ratios are against the naive configuration of the same workload in the same
 * run ("x naive" > 1 means faster, or fewer bytes, than naive).
 */
import { CONFIG_TITLES } from "../model/protocol.js";
import type { ConfigResult, WorkloadResult } from "../model/results.js";
import { ratio } from "../model/stats.js";
import { bytes, mb, ms, num, secs, times } from "./fmt.js";

export const HEADER = [
  "configuration", "change med", "p95", "x naive", "vs limit", "steady med", "x naive", "CPU s/change", "bytes/change", "bytes/steady",
  "x fewer", "healthy polled", "healthy done", "change to served", "loop p50/p99/max ms", "peak RSS MB",
];

function healthyCell(c: ConfigResult): string {
  const s = c.summary!;
  const phases = [s.change, s.steady].filter((p) => p !== null);
  const worst = Math.min(...phases.map((p) => p.healthyMin));
  const missed = phases.reduce((n, p) => n + p.healthyMissed, 0);
  const total = phases[0]?.healthyTotal ?? 0;
  return `${worst}/${total}${missed > 0 ? ` (${missed} missed)` : ""}`;
}

export function workloadRows(w: WorkloadResult): string[][] {
  const naive = w.configs.find((c) => c.config === "naive" && c.summary)?.summary ?? null;
  return w.configs.map((c) => {
    if (!c.summary) return [CONFIG_TITLES[c.config], `failed: ${(c.error ?? "").split("\n")[0]!.slice(0, 60)}`, ...HEADER.slice(2).map(() => "")];
    const s = c.summary;
    const ch = s.change;
    const st = s.steady;
    const limitMs = (w.limit?.limitS ?? NaN) * 1000;
    return [
      CONFIG_TITLES[c.config],
      secs(ch?.wallMedMs ?? NaN),
      secs(ch?.wallP95Ms ?? NaN),
      times(ratio(naive?.change?.wallMedMs ?? NaN, ch?.wallMedMs ?? NaN)),
      times(ratio(ch?.wallMedMs ?? NaN, limitMs)),
      secs(st?.wallMedMs ?? NaN),
      times(ratio(naive?.steady?.wallMedMs ?? NaN, st?.wallMedMs ?? NaN)),
      (ch?.cpuMedS ?? NaN).toFixed(2),
      bytes(ch?.bytesMed ?? NaN),
      bytes(st?.bytesMed ?? NaN),
      times(ratio(naive?.steady?.bytesMed ?? NaN, st?.bytesMed ?? NaN)),
      healthyCell(c),
      secs(ch?.healthyDoneMedMs ?? NaN),
      secs(ch?.servedMedMs ?? NaN),
      ch ? `${ms(ch.eldP50MedMs)}/${ms(ch.eldP99MedMs)}/${ms(ch.eldMaxMs)}` : "—",
      mb(s.peakRssMb),
    ];
  });
}

/** One line on what bounds this workload's change round. */
export function limitLine(w: WorkloadResult): string {
  const c = w.calibration;
  const l = w.limit;
  const bw = `${(c.loopbackBytesPerS / 2 ** 30).toFixed(2)} GiB/s loopback`;
  if (!l) return `${bw}; no necessary-work limit (no CPU calibration)`;
  return `${bw}, SHA-256 ${(c.sha256S! * 1000).toFixed(1)} ms, merkleize ${(c.merkleS! * 1000).toFixed(0)} ms per state: ` +
    `necessary work ${secs(l.limitS * 1000)} s per change round (transfer ${secs(l.transferS * 1000)} s; ` +
    `CPU ${num(l.cpuS * l.cores)} s to serve, receive, digest and merkleize, over ${l.cores} cores ${secs(l.cpuS * 1000)} s)`;
}
