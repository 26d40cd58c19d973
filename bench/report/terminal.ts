/** The table printed at the end of a run (stdout). */
import type { BenchResults } from "../model/results.js";
import { workloadTitle } from "../model/workloads.js";
import { textTable } from "./fmt.js";
import { HEADER, limitLine, workloadRows } from "./rows.js";
import { SWEEP_HEADER, sweepRows, sweepVerdict } from "./sweep.js";
import { checkTargets } from "./targets.js";

export function renderTerminal(r: BenchResults): string {
  const out: string[] = [];
  for (const w of r.workloads) {
    out.push(`\n== ${w.workload.nodes} upstreams x ${r.options.stateMb} MB, ${workloadTitle(w.workload)} ==`, limitLine(w), textTable(HEADER, workloadRows(w)));
  }
  if (r.sweep.length) {
    out.push(`\n== worker-count sweep: quorumpoint, ${r.sweep[0]!.nodes} healthy upstreams, change rounds ==`, textTable(SWEEP_HEADER, sweepRows(r.sweep)));
    const v = sweepVerdict(r.sweep);
    if (v) out.push(v.text);
  }
  out.push("\n== targets (what this run shows; never a pass/fail of the bench) ==");
  for (const t of checkTargets(r)) out.push(`${t.pass === null ? " n/a " : t.pass ? "  met" : "  NOT"}  ${t.target}: ${t.measured}`);
  return out.join("\n") + "\n";
}
