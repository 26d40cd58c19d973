/**
 * `quorumpoint/<version>` from the package's own package.json, read once: the nearest one
 * above this file, from src/ or from dist/ alike.
 */
import { existsSync, readFileSync } from "node:fs";

/** src/server/routes/beacon/ is 4 folders deep, dist/src/server/routes/beacon/ 5. */
const MAX_LEVELS = 6;

export function nodeVersion(): string {
  let dir = new URL("./", import.meta.url);
  for (let i = 0; i < MAX_LEVELS; i++) {
    dir = new URL("../", dir);
    const file = new URL("package.json", dir);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
    if (pkg.name === "quorumpoint" && typeof pkg.version === "string") return `quorumpoint/${pkg.version}`;
  }
  return "quorumpoint/unknown";
}
