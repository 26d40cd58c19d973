import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { readmeSettings, settingsMarkdown } from "../../scripts/settings-table.js";
import { SETTINGS } from "../../src/config/index.js";
import { DAEMON_NODE_FLAGS } from "../../src/memory/index.js";
import { REPO_ROOT } from "../support/paths.js";

const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

test("the README's settings table is the one the settings table makes (run `node dist/scripts/settings-table.js --write`)", () => {
  assert.equal(readmeSettings(readme), settingsMarkdown());
  for (const s of SETTINGS) assert.ok(readme.includes(`--${s.flag}`), `README names --${s.flag}`);
});

test("the README's set-up commands are the ones package.json runs", () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /^\s+npm test\s/m);
  assert.match(pkg.scripts.start!, /serve --devnet 16 /);
  for (const flag of DAEMON_NODE_FLAGS) assert.ok(pkg.scripts.start!.includes(flag), `npm start runs node with ${flag}, as the bin's shebang does`);
  assert.match(readme, /--devnet 16/);
  const ci = readFileSync(path.join(REPO_ROOT, ".ci/run"), "utf8");
  assert.match(ci, /^npm test$/m, ".ci/run runs exactly the README's test command");
});
