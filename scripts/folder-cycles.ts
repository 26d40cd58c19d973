/**
 * No folder imports a folder that imports it back: the dependency rules
 * (.dependency-cruiser.cjs) see files, this sees folders. Cruises the sources with the same
 * rules file, collapsed to one node per folder, and fails naming each cycle.
 *
 *   node dist/scripts/folder-cycles.js        (part of `npm run lint`)
 */
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";

/** One node per top folder of src/ and test/, per bench part, and workers/. */
const FOLDER = "^bench/(engines|model|report)/|^bench/|^(src|test)/[^/]+/|^workers/|^scripts/";

export async function folderCycles(roots: string[] = ["src", "workers", "bench", "test", "scripts"]): Promise<string[][]> {
  const rules = createRequire(import.meta.url)(`${process.cwd()}/.dependency-cruiser.cjs`) as { options: Record<string, unknown> };
  const { options } = rules;
  const result = await cruise(roots, { ...options, collapse: FOLDER, outputType: "json" } as never);
  const json = typeof result.output === "string" ? JSON.parse(result.output) : result.output;
  const edges = new Map<string, Set<string>>();
  for (const m of json.modules as Array<{ source: string; dependencies: Array<{ resolved: string }> }>) {
    if (!new RegExp(FOLDER).test(m.source)) continue;
    for (const d of m.dependencies) {
      if (d.resolved === m.source || !new RegExp(FOLDER).test(d.resolved)) continue;
      if (!edges.has(m.source)) edges.set(m.source, new Set());
      edges.get(m.source)!.add(d.resolved);
    }
  }
  return stronglyConnected(edges).filter((c) => c.length > 1);
}

/** Tarjan's strongly connected components. */
function stronglyConnected(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      for (;;) {
        const w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
        if (w === v) break;
      }
      out.push(c.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const cycles = await folderCycles();
  for (const c of cycles) console.error(`folder cycle: ${c.join(" <-> ")}`);
  if (cycles.length > 0) process.exit(1);
  console.log("folder cycles: none");
}
