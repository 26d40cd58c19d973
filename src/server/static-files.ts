/**
 * The dashboard's files: a fixed list read once when the server is built (a few KB), so a
 * request never touches the disk and no request path can name another file.
 *
 * tsc does not copy non-TS files into dist/, so the folder is found from the compiled
 * file's place: dist/src/server/static-files.js -> ../../../src/server/static/ (the repo's
 * copy), or ./static/ beside this file when it runs from src/ or the files were copied.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface StaticFile {
  /** URL path it is served at. */
  url: string;
  contentType: string;
  body: Buffer;
}

const FILES: ReadonlyArray<{ url: string; file: string; contentType: string }> = [
  { url: "/", file: "index.html", contentType: "text/html; charset=utf-8" },
  { url: "/static/dashboard.css", file: "dashboard.css", contentType: "text/css; charset=utf-8" },
  { url: "/static/dashboard.js", file: "dashboard.js", contentType: "text/javascript; charset=utf-8" },
  { url: "/static/chart.js", file: "chart.js", contentType: "text/javascript; charset=utf-8" },
  { url: "/static/format.js", file: "format.js", contentType: "text/javascript; charset=utf-8" },
];

export function staticDir(): string {
  const candidates = [new URL("./static/", import.meta.url), new URL("../../../src/server/static/", import.meta.url)];
  for (const c of candidates) {
    const dir = fileURLToPath(c);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  throw new Error(`dashboard files not found (looked in ${candidates.map((c) => fileURLToPath(c)).join(", ")})`);
}

export function loadStaticFiles(dir = staticDir()): StaticFile[] {
  return FILES.map((f) => ({ url: f.url, contentType: f.contentType, body: readFileSync(`${dir}${f.file}`) }));
}
