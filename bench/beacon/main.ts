/** `npm run bench -- --beacon`: the beacon state-root benchmark (run.ts); writes its report under --out. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BEACON_USAGE, parseBeaconOptions } from "./options.js";
import { renderBeaconReport, renderBeaconTable, renderRoundsTable, renderThreadsTable } from "./report.js";
import { runBeaconBench } from "./run.js";

const REPO_ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

export async function beaconBenchMain(argv: string[]): Promise<number> {
  let o: ReturnType<typeof parseBeaconOptions>;
  try {
    o = parseBeaconOptions(argv);
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${BEACON_USAGE}`);
    return 2;
  }
  if (o === "help") {
    console.log(BEACON_USAGE);
    return 0;
  }
  const command = ["npm run bench --", ...argv].join(" ");
  const results = await runBeaconBench(o, command, (line) => console.log(line));
  const dir = path.resolve(REPO_ROOT, o.outDir);
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${results.date}-beacon-state-root`);
  await writeFile(`${base}.md`, renderBeaconReport(results));
  await writeFile(`${base}.json`, JSON.stringify(results, null, 1) + "\n");
  process.stdout.write("\n" + renderBeaconTable(results) + renderThreadsTable(results) + renderRoundsTable(results));
  console.log(`\nwrote ${path.relative(process.cwd(), base)}.md and .json`);
  return 0;
}
