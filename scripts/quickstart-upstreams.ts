/**
 * Turn a lean-quickstart `validator-config.yaml` into quorumpoint's (and leanpoint's)
 * upstreams file: one upstream per validator node, at http://<enrFields.ip>:<apiPort>.
 *
 *   node dist/scripts/quickstart-upstreams.js local-devnet/genesis/validator-config.yaml > upstreams.json
 *   quorumpoint serve --upstreams-config upstreams.json
 *
 * It reads the block-style layout lean-quickstart writes (`validators:` then `- name:` items
 * with nested `enrFields:`), not YAML in general, so the project needs no YAML parser.
 * A node without an `apiPort` is an error naming it: guessing a port would poll the wrong one.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface QuickstartNode {
  name: string;
  ip: string;
  apiPort: number;
}

const unquote = (v: string) => v.trim().replace(/\s+#.*$/, "").replace(/^["']|["']$/g, "");

export function parseValidatorConfig(yaml: string): QuickstartNode[] {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => /^validators:\s*$/.test(l));
  if (start < 0) throw new Error("no top-level 'validators:' list");
  const items: Array<Record<string, string>> = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key ends the list
    const item = /^\s*-\s+(\w+):\s*(.*)$/.exec(line);
    const field = /^\s+(\w+):\s*(.*)$/.exec(line);
    if (item) items.push({ [item[1]!]: unquote(item[2]!) });
    else if (field && items.length > 0) items.at(-1)![field[1]!] = unquote(field[2]!);
  }
  return items.map((it, i) => {
    const name = it.name || `validator-${i}`;
    const port = Number(it.apiPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`validator ${name}: no valid apiPort (got ${JSON.stringify(it.apiPort ?? null)})`);
    if (!it.ip) throw new Error(`validator ${name}: no enrFields.ip`);
    return { name, ip: it.ip, apiPort: port };
  });
}

export function upstreamsFileFor(nodes: readonly QuickstartNode[]): { upstreams: Array<{ name: string; url: string; path: string }> } {
  return {
    upstreams: nodes.map((n) => ({
      name: n.name,
      url: `http://${n.ip.includes(":") ? `[${n.ip}]` : n.ip}:${n.apiPort}`,
      path: "/lean/v0/states/finalized",
    })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: quickstart-upstreams <validator-config.yaml>\n");
    process.exit(2);
  }
  try {
    process.stdout.write(JSON.stringify(upstreamsFileFor(parseValidatorConfig(readFileSync(file, "utf8"))), null, 2) + "\n");
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
