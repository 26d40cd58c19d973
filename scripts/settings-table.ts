/**
 * The README's settings table, made from the one settings table (src/config/settings.ts),
 * so the README cannot drift from the code: `node dist/scripts/settings-table.js` prints
 * it, `--write` puts it into README.md between its settings markers.
 * test/unit/readme.test.ts fails when README.md's copy differs from this output.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SETTINGS, envName } from "../src/config/index.js";

export function settingsMarkdown(): string {
  const rows = ["| flag | environment | default | what it does (rule) |", "|---|---|---|---|"];
  for (const s of SETTINGS) {
    const flag = s.kind === "boolean" ? `--${s.flag} / --no-${s.flag}` : s.kind === "list" ? `--${s.flag} (repeatable)` : `--${s.flag}`;
    const cell = (t: string) => t.replace(/\|/g, "\\|");
    rows.push(`| \`${flag}\` | \`${envName(s)}\` | ${cell(s.defaultText)} | ${cell(s.description)} (${cell(s.rule)}) |`);
  }
  return rows.join("\n");
}

const START = /<!-- settings:start[^>]*-->\n/;
const END = "<!-- settings:end -->";

/** The table as README.md holds it now (null when the markers are missing). */
export function readmeSettings(readme: string): string | null {
  const m = START.exec(readme);
  const end = readme.indexOf(END);
  if (!m || end < 0) return null;
  return readme.slice(m.index + m[0].length, end).trimEnd();
}

export function withSettings(readme: string): string {
  const m = START.exec(readme);
  const end = readme.indexOf(END);
  if (!m || end < 0) throw new Error("README.md has no settings markers");
  return readme.slice(0, m.index + m[0].length) + settingsMarkdown() + "\n" + readme.slice(end);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes("--write")) {
    const file = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../README.md");
    writeFileSync(file, withSettings(readFileSync(file, "utf8")));
  } else {
    process.stdout.write(settingsMarkdown() + "\n");
  }
}
