/**
 * `npm run bench`: every configuration side by side on the same devnet in one run (see
 * report/markdown.ts "Method" for what is measured and how). Writes latest.json,
 * report.md and chart.svg to --out, prints the comparison table, exits 0 when every
 * configuration ran (targets are reported, never asserted), 1 when one failed, 2 on a bad
 * flag.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beaconBenchMain } from "./beacon/main.js";
import { parseOptions, USAGE, type BenchOptions } from "./model/options.js";
import { plannedRounds, runBench } from "./orchestrate.js";
import { Progress } from "./progress.js";
import { renderChart } from "./report/svg.js";
import { renderMarkdown } from "./report/markdown.js";
import { renderTerminal } from "./report/terminal.js";
import type { BenchResults } from "./model/results.js";
import { serveMain } from "./serve/index.js";

/** dist/bench/main.js -> the repository root, so --out is relative to it whatever the cwd. */
const REPO_ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

async function writeReports(r: BenchResults, o: BenchOptions): Promise<string[]> {
  const dir = path.resolve(REPO_ROOT, o.outDir);
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify(r, null, 1) + "\n";
  const files: Array<[string, string]> = [
    [path.join(dir, "latest.json"), json],
    [path.join(dir, "report.md"), renderMarkdown(r)],
    [path.join(dir, "chart.svg"), renderChart(r)],
  ];
  if (o.json) files.push([path.resolve(o.json), json]);
  for (const [file, text] of files) await writeFile(file, text);
  return files.map(([f]) => path.relative(process.cwd(), f) || f);
}

async function main(): Promise<number> {
  if (process.argv.includes("--beacon")) return beaconBenchMain(process.argv.slice(2));
  let o: BenchOptions | "help";
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (o === "help") {
    console.log(USAGE);
    return 0;
  }
  if (o.reportFrom) {
    const results = JSON.parse(await readFile(path.resolve(o.reportFrom), "utf8")) as BenchResults;
    const written = await writeReports(results, o);
    process.stdout.write(renderTerminal(results));
    console.log(`\nrendered ${written.join(", ")} from ${o.reportFrom}`);
    return 0;
  }
  const command = ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");
  if (o.serve) return serveMain(o, command);
  const progress = new Progress(plannedRounds(o));
  const results = await runBench(o, command, progress);
  progress.end();
  const written = await writeReports(results, o);
  process.stdout.write(renderTerminal(results));
  console.log(`\nwrote ${written.join(", ")} (${Math.round(results.durationS)} s)`);
  const failed = [...results.workloads.flatMap((w) => w.configs), ...results.sweep.map((s) => s.result)].filter((c) => c.error);
  for (const f of failed) console.error(`bench: ${f.config} failed: ${f.error}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error("bench failed:", e);
    process.exit(1);
  },
);
