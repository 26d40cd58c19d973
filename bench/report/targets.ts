/**
 * The issue's targets, checked against this run's own figures. A target is "n/a" when
 * the run did not measure what it needs (e.g. --quick has no 64-node workload). These are
 * what the harness shows, never assertions: the bench exits 0 whatever they say.
 */
import type { ConfigName } from "../model/protocol.js";
import type { BenchResults, ConfigResult, WorkloadResult } from "../model/results.js";
import type { PhaseSummary } from "../model/summary.js";
import { median, ratio } from "../model/stats.js";
import { mb, ms, secs, times } from "./fmt.js";

export interface TargetCheck {
  target: string;
  pass: boolean | null;
  measured: string;
}

const CAL_NODES = 64;

function find(r: BenchResults, nodes: number, mix: string): WorkloadResult | undefined {
  return r.workloads.find((w) => w.workload.nodes === nodes && w.workload.mix === mix && w.workload.at !== "first");
}

/**
 * The most any pool can gain over naive on this machine: a pool that did exactly naive's
 * work (its CPU, every thread of it, plus the devnet's serving CPU, both measured in
 * naive's own change rounds) spread perfectly over the cores. Threads share work out;
 * they do not make it smaller.
 */
export function poolCeiling(naive: PhaseSummary, cores: number): number {
  return naive.wallMedMs / 1000 / ((naive.cpuMedS + naive.devnetCpuMedS) / cores);
}

/**
 * RSS each added pool worker costs: the least-squares slope of peak RSS over every run of
 * the worker sweep. One peak per run moves by tens of MB between runs of the same count on
 * this machine, so two runs alone can say 20 or 50 MB a worker; the fit over all of them
 * says what the sweep says.
 */
export function rssPerWorker(r: BenchResults): string {
  const pts = r.sweep.filter((p) => p.result.summary).map((p) => ({ x: p.workers, y: p.result.summary!.peakRssMb }));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(pts.map((p) => p.x));
  const my = mean(pts.map((p) => p.y));
  const sxx = pts.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  if (sxx === 0) return ""; // fewer than two worker counts: nothing to compare
  const per = pts.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
  const runs = [...pts].sort((a, b) => a.x - b.x).map((p) => `${p.x}: ${mb(p.y)}`).join(", ");
  return `; each pool worker adds ~${mb(per)} MB (fit over the sweep's peaks by worker count, ${runs} MB)`;
}

function cfg(w: WorkloadResult | undefined, c: ConfigName): ConfigResult | undefined {
  return w?.configs.find((x) => x.config === c && x.summary);
}

const na = (target: string, why: string): TargetCheck => ({ target, pass: null, measured: why });

export function checkTargets(r: BenchResults): TargetCheck[] {
  const out: TargetCheck[] = [];
  const h64 = find(r, CAL_NODES, "healthy");
  const qp = cfg(h64, "quorumpoint")?.summary;
  const nv = cfg(h64, "naive")?.summary;

  const t1 = "64 x 16 MB change rounds: quorumpoint >= 1.4x faster than naive (medians)";
  if (qp?.change && nv?.change) {
    const x = ratio(nv.change.wallMedMs, qp.change.wallMedMs);
    const ceiling = poolCeiling(nv.change, r.machine.cores);
    out.push({ target: t1, pass: x >= 1.4,
      measured: `${times(x)} (naive ${secs(nv.change.wallMedMs)} s, quorumpoint ${secs(qp.change.wallMedMs)} s)${Number.isFinite(ceiling) ? `; the most any pool doing naive's work could reach here: ${times(ceiling)}` : ""}` });
  } else out.push(na(t1, "no 64-node healthy run of both"));

  const t2 = "... and within 1.6x of the necessary-work limit";
  if (qp?.change && h64?.limit) {
    const x = ratio(qp.change.wallMedMs, h64.limit.limitS * 1000);
    out.push({ target: t2, pass: x <= 1.6, measured: `${times(x)} (limit ${secs(h64.limit.limitS * 1000)} s, ${h64.limit.bound}-bound)` });
  } else out.push(na(t2, "no limit or quorumpoint run at 64 nodes"));

  const qpPhases: PhaseSummary[] = r.workloads
    .filter((w) => w.workload.nodes === CAL_NODES)
    .flatMap((w) => [cfg(w, "quorumpoint")?.summary?.change, cfg(w, "quorumpoint")?.summary?.steady])
    .filter((p): p is PhaseSummary => !!p);
  const t3 = "event loop in quorumpoint rounds at 64 nodes: median p99 < 20 ms, every p99 < 30 ms, max < 50 ms";
  if (qpPhases.length) {
    const rounds = r.workloads.filter((w) => w.workload.nodes === CAL_NODES).flatMap((w) => cfg(w, "quorumpoint")?.run?.rounds.filter((x) => x.phase !== "warmup") ?? []);
    const p99s = rounds.map((x) => x.eldP99Ms);
    const med = median(p99s);
    const worst = Math.max(...p99s);
    const mx = Math.max(...rounds.map((x) => x.eldMaxMs));
    const nvP99 = nv?.change?.eldP99MedMs;
    out.push({ target: t3, pass: med < 20 && worst < 30 && mx < 50,
      measured: `median p99 ${ms(med)}, worst p99 ${ms(worst)}, max ${ms(mx)} ms over ${rounds.length} rounds (naive change p99 ${ms(nvP99 ?? NaN)} ms)` });
  } else out.push(na(t3, "no 64-node quorumpoint run"));

  const t4 = "64 x 16 MB steady rounds: >= 50x faster and >= 10 000x fewer bytes than naive";
  if (qp?.steady && nv?.steady) {
    const fast = ratio(nv.steady.wallMedMs, qp.steady.wallMedMs);
    const fewer = ratio(nv.steady.bytesMed, qp.steady.bytesMed);
    out.push({ target: t4, pass: fast >= 50 && fewer >= 10_000, measured: `${times(fast)} faster, ${times(fewer)} fewer bytes (${Math.round(qp.steady.bytesMed / CAL_NODES)} B per upstream)` });
  } else out.push(na(t4, "no 64-node steady rounds of both"));

  const t5 = "peak RSS bounded by cap x state size, not by N (64 vs 256), and below naive's at 64";
  const q256 = cfg(find(r, 256, "healthy"), "quorumpoint")?.summary;
  if (qp && nv && q256) {
    const bound = r.options.cap * r.options.stateMb;
    out.push({ target: t5, pass: q256.peakRssMb < qp.peakRssMb * 1.5 && qp.peakRssMb < nv.peakRssMb,
      measured: `quorumpoint ${mb(qp.peakRssMb)} MB at 64, ${mb(q256.peakRssMb)} MB at 256 (cap x state = ${bound} MB); naive ${mb(nv.peakRssMb)} MB at 64${rssPerWorker(r)}` });
  } else out.push(na(t5, "needs 64- and 256-node healthy runs"));

  const bh = r.workloads.filter((w) => w.workload.mix === "blackhole");
  const missed = (w: WorkloadResult, c: ConfigName): number | null => {
    const s = cfg(w, c)?.summary;
    return s ? (s.change?.healthyMissed ?? 0) + (s.steady?.healthyMissed ?? 0) : null;
  };
  const list = (c: ConfigName) => bh.map((w) => `${missed(w, c) ?? "—"} of ${w.workload.nodes - w.workload.faulty.length} x ${(cfg(w, c)?.summary?.change?.rounds ?? 0) + (cfg(w, c)?.summary?.steady?.rounds ?? 0)} at ${w.workload.nodes}${w.workload.at === "first" ? " (dead first)" : ""}`).join(", ");
  const t6 = "25% blackholed: quorumpoint polls every healthy upstream in every measured round";
  if (bh.length && bh.every((w) => missed(w, "quorumpoint") !== null)) {
    out.push({ target: t6, pass: bh.every((w) => missed(w, "quorumpoint") === 0), measured: `healthy polls missed: ${list("quorumpoint")}` });
  } else out.push(na(t6, "no blackhole workload"));
  const t7 = "... while the fixed pool and naive, at the same cap, miss some";
  const others = bh.flatMap((w) => [missed(w, "pool"), missed(w, "naive")]);
  if (bh.length && others.every((m) => m !== null)) {
    out.push({ target: t7, pass: bh.some((w) => (missed(w, "pool") ?? 0) > 0) && bh.some((w) => (missed(w, "naive") ?? 0) > 0),
      measured: `healthy polls missed: fixed pool ${list("pool")}; naive ${list("naive")}` });
  } else out.push(na(t7, "no blackhole run of both"));
  return out;
}
