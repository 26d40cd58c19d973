/** Number formatting shared by the terminal table and the Markdown report. */

export function secs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  return ms >= 10_000 ? (ms / 1000).toFixed(1) : ms >= 1000 ? (ms / 1000).toFixed(2) : (ms / 1000).toFixed(3);
}

export function ms(v: number): string {
  return Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : "—";
}

export function times(r: number): string {
  if (!Number.isFinite(r)) return "—";
  return r >= 100 ? `${Math.round(r).toLocaleString("en-US")}x` : `${r.toFixed(2)}x`;
}

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return "—";
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(0)} KiB`;
  return `${Math.round(n)} B`;
}

export function mb(n: number): string {
  return Number.isFinite(n) ? `${Math.round(n)}` : "—";
}

export function num(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "—";
}

/** Pad columns of a plain-text table; the first column is left-aligned, the rest right. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function mdTable(header: string[], rows: string[][]): string {
  const align = header.map((_, i) => (i === 0 ? ":--" : "--:"));
  return [header, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}
