/**
 * `npm run bench -- --serve [--quick] [--state-mb N] [--out DIR]`: the serving benchmark.
 * Prints the table and writes `<out>/<date>-serve.md`; exit 0 when every case ran with no
 * failed request, 1 otherwise.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchOptions } from "../model/options.js";
import { renderServeMarkdown, renderServeTerminal } from "./report.js";
import { runServeBench, type ServeOptions } from "./run.js";

export { runServeBench, type ServeOptions } from "./run.js";
export { renderServeMarkdown, renderServeTerminal, EVENT_LOOP_P99_GOAL_MS } from "./report.js";
export { ratioToStatic, TARGETS, type ServeResults, type ServeCaseResult, type ServeTarget } from "./results.js";

/** dist/bench/serve/index.js -> the repository root, so --out is relative to it whatever the cwd. */
const REPO_ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

/** 10 s per case at 16 and 64 connections, 3 times each; --quick: 2 s once, for CI. */
export function serveOptions(o: Pick<BenchOptions, "quick" | "stateMb">): ServeOptions {
  return { stateMb: o.stateMb, caseSeconds: o.quick ? 2 : 10, connections: [16, 64], repetitions: o.quick ? 1 : 3, repoRoot: REPO_ROOT };
}

export async function serveMain(o: BenchOptions, command: string): Promise<number> {
  const results = await runServeBench(serveOptions(o), command, (line) => console.error(line));
  const dir = path.resolve(REPO_ROOT, o.outDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${results.date.slice(0, 10)}-serve.md`);
  await writeFile(file, renderServeMarkdown(results));
  process.stdout.write(renderServeTerminal(results));
  console.log(`\nwrote ${path.relative(process.cwd(), file) || file}`);
  const failed = results.cases.filter((c) => c.load.failed > 0 || c.load.requestsPerS === 0);
  for (const c of failed) console.error(`bench: serve ${c.target} x${c.load.connections}: ${c.load.failed} failed requests, ${c.load.requestsPerS} req/s`);
  return failed.length ? 1 : 0;
}
