/**
 * The chart: two panels of grouped bars, one group per healthy workload (N upstreams; every
 * workload when the run has no healthy one), one
 * bar per configuration. Left: median change-round time (whisker to p95; a bar whose rounds
 * missed healthy upstreams says how many its worst round polled). Right: median
 * main-thread event-loop p99 during change rounds, log scale (naive is 10-100x the others).
 * Hand-written SVG, no dependencies; opens in any browser.
 */
import { CONFIGS, CONFIG_TITLES, type ConfigName } from "../model/protocol.js";
import type { BenchResults } from "../model/results.js";
import type { RunSummary } from "../model/summary.js";

const COLORS: Record<ConfigName, string> = { naive: "#c0392b", thread: "#e67e22", pool: "#2980b9", quorumpoint: "#27ae60" };
const W = 460;
const H = 300;
const PAD = { l: 56, r: 12, t: 36, b: 44 };

interface Bar {
  config: ConfigName;
  value: number;
  whisker?: number;
  /** Printed over the bar, e.g. how many healthy upstreams a round polled when it missed some. */
  note?: string;
}
interface Group { label: string; bars: Bar[] }

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw > 0 ? raw : 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

function panel(x0: number, title: string, unit: string, groups: Group[], log: boolean): string {
  const values = groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.whisker ?? b.value])).filter((v) => v > 0 && Number.isFinite(v));
  const step = niceStep((values.length ? Math.max(...values) : 1) / 5);
  const top = log ? (values.length ? Math.max(...values) * 1.1 : 1) : step * Math.ceil((values.length ? Math.max(...values) * 1.08 : 1) / step);
  const bottom = log ? Math.min(1, ...values) : 0;
  const ph = H - PAD.t - PAD.b;
  const y = (v: number): number => {
    const f = log ? (Math.log10(Math.max(v, bottom)) - Math.log10(bottom)) / (Math.log10(top) - Math.log10(bottom) || 1) : v / top;
    return PAD.t + ph * (1 - Math.min(1, Math.max(0, f)));
  };
  const out: string[] = [`<g transform="translate(${x0},0)">`, `<text x="${W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`];
  const ticks = log ? [1, 10, 100, 1000, 10000].filter((t) => t >= bottom && t <= top) : Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  for (const t of ticks) {
    out.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${PAD.l - 4}" y="${y(t) + 4}" text-anchor="end" font-size="11">${t >= 10 ? Math.round(t) : t.toFixed(1)}</text>`);
  }
  out.push(`<text transform="translate(14,${PAD.t + ph / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(unit)}</text>`);
  const gw = (W - PAD.l - PAD.r) / Math.max(1, groups.length);
  groups.forEach((g, gi) => {
    const bw = (gw * 0.8) / Math.max(1, g.bars.length);
    g.bars.forEach((b, bi) => {
      const x = PAD.l + gi * gw + gw * 0.1 + bi * bw;
      if (!(b.value > 0)) return;
      out.push(`<rect x="${x.toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(PAD.t + ph - y(b.value)).toFixed(1)}" fill="${COLORS[b.config]}"><title>${esc(CONFIG_TITLES[b.config])}: ${b.value.toFixed(2)} ${esc(unit)}</title></rect>`);
      if (b.note) out.push(`<text x="${(x + (bw - 2) / 2).toFixed(1)}" y="${(y(Math.max(b.value, b.whisker ?? 0)) - 4).toFixed(1)}" text-anchor="middle" font-size="9" fill="#333">${esc(b.note)}</text>`);
      if (b.whisker && b.whisker > b.value) {
        const cx = x + (bw - 2) / 2;
        out.push(`<line x1="${cx}" x2="${cx}" y1="${y(b.value)}" y2="${y(b.whisker)}" stroke="#333"/><line x1="${cx - 3}" x2="${cx + 3}" y1="${y(b.whisker)}" y2="${y(b.whisker)}" stroke="#333"/>`);
      }
    });
    out.push(`<text x="${PAD.l + gi * gw + gw / 2}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="12">${esc(g.label)}</text>`);
  });
  out.push(`</g>`);
  return out.join("\n");
}

export function renderChart(r: BenchResults): string {
  // The healthy workloads, or every workload of a run that has none (e.g. --workloads blackhole).
  const onlyHealthy = r.workloads.filter((w) => w.workload.mix === "healthy");
  const healthy = onlyHealthy.length ? onlyHealthy : r.workloads;
  const missed = (s: RunSummary): string | undefined => {
    const c = s.change;
    return c && c.healthyMin < c.healthyTotal ? `${c.healthyMin}/${c.healthyTotal}` : undefined;
  };
  const groups = (pick: (s: RunSummary) => number, whisker?: (s: RunSummary) => number, note?: (s: RunSummary) => string | undefined): Group[] =>
    healthy.map((w) => ({
      label: `${w.workload.nodes} upstreams${w.workload.mix === "healthy" ? "" : `, ${w.workload.mix}${w.workload.at === "first" ? " first" : ""}`}`,
      bars: w.configs.filter((c) => c.summary).map((c) => ({ config: c.config, value: pick(c.summary!), whisker: whisker?.(c.summary!), note: note?.(c.summary!) })),
    }));
  const time = groups((s) => (s.change?.wallMedMs ?? NaN) / 1000, (s) => (s.change?.wallP95Ms ?? NaN) / 1000, missed);
  const eld = groups((s) => s.change?.eldP99MedMs ?? NaN);
  const used = CONFIGS.filter((c) => healthy.some((w) => w.configs.some((x) => x.config === c && x.summary)));
  const legend = used.map((c, i) => `<g transform="translate(${PAD.l + i * 220},${H + 8})"><rect width="12" height="12" fill="${COLORS[c]}"/><text x="16" y="11" font-size="12">${esc(CONFIG_TITLES[c])}</text></g>`).join("\n");
  const caption = `n/N over a bar: healthy upstreams its worst round polled. ${r.options.stateMb} MB states, cap ${r.options.cap}, ${r.options.workers} workers; ${r.machine.cores} cores, ${esc(r.machine.cpu)}; ${r.date.slice(0, 10)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 56}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(0, "Change round, median (whisker: p95)", "seconds", time, false),
    panel(W, "Main-thread event-loop p99 in change rounds", "ms (log scale)", eld, true),
    legend,
    `<text x="${W}" y="${H + 48}" text-anchor="middle" font-size="11" fill="#555">${caption}</text>`,
    `</svg>`,
  ].join("\n");
}
