/**
 * Debian's nginx for tests: deploy/nginx/quorumpoint.conf.template rendered for the given
 * replicas' ports, run in the foreground with a prefix, temp and cache directories of its
 * own under a fresh temp dir, on 127.0.0.1. As root, nginx is started as `nobody` so that it
 * runs unprivileged as on an operator's machine (scripts/ensure-nginx.sh installs it).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eventually } from "./eventually.js";
import { REPO_ROOT } from "./paths.js";

export const NGINX_BIN = "/usr/sbin/nginx";
export const NGINX_TEMPLATE = path.join(REPO_ROOT, "deploy/nginx/quorumpoint.conf.template");
/** Debian's `nobody`: nginx's own default user, and the one the test runs it as when it is root. */
const NOBODY = { uid: 65534, gid: 65534 };

/** The template with every `${NAME}` replaced; a placeholder without a value is an error (it would reach nginx). */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const out = template.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) missing.add(name);
    return v ?? "";
  });
  if (missing.size > 0) throw new Error(`no value for ${[...missing].join(", ")} in the nginx template`);
  return out;
}

/** The `${NAME}` placeholders a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]!))].sort();
}

export interface NginxOptions {
  port: number;
  replicaPorts: readonly number[];
  pinSeconds: number;
  rate?: number;
  burst?: number;
  connPerAddress?: number;
}

export interface RunningNginx {
  url: string;
  dir: string;
  accessLog: string;
  child: ChildProcess;
  /** The access log's lines so far. */
  logLines(): string[];
  stop(): Promise<void>;
}

/** The values the template needs, for replicas on 127.0.0.1. */
export function templateValues(o: NginxOptions, dir: string): Record<string, string> {
  return {
    QP_LISTEN: `127.0.0.1:${o.port}`,
    QP_SERVERS: o.replicaPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n    "),
    QP_CACHE_DIR: path.join(dir, "cache"),
    QP_CACHE_MAX: "1g",
    QP_PIN_S: String(o.pinSeconds),
    QP_RATE: String(o.rate ?? 50),
    QP_BURST: String(o.burst ?? 100),
    QP_CONN: String(o.connPerAddress ?? 8),
    QP_ACCESS_LOG: path.join(dir, "logs/access.log"),
  };
}

/** The main nginx.conf around the rendered template: everything nginx writes stays under `dir`. */
function mainConfig(dir: string, included: string): string {
  const t = (name: string) => path.join(dir, "temp", name);
  return [
    "daemon off;",
    "worker_processes 1;",
    `pid ${path.join(dir, "nginx.pid")};`,
    `error_log ${path.join(dir, "logs/error.log")} warn;`,
    "events { worker_connections 4096; }",
    "http {",
    `  client_body_temp_path ${t("body")}; proxy_temp_path ${t("proxy")}; fastcgi_temp_path ${t("fastcgi")};`,
    `  uwsgi_temp_path ${t("uwsgi")}; scgi_temp_path ${t("scgi")};`,
    "  sendfile on; tcp_nopush on; keepalive_timeout 30s;",
    `  include ${included};`,
    "}",
    "",
  ].join("\n");
}

function chownTree(p: string): void {
  chownSync(p, NOBODY.uid, NOBODY.gid);
  if (statSync(p).isDirectory()) for (const e of readdirSync(p)) chownTree(path.join(p, e));
}

/** nginx's process identity: `nobody` when the test runs as root, else the test's own. */
function unprivileged(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? NOBODY : {};
}

/** Checks the rendered configuration with `nginx -t`; throws with nginx's own message. */
export function checkConfig(dir: string): void {
  const r = spawnSync(NGINX_BIN, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8", ...unprivileged() });
  if (r.status !== 0) throw new Error(`nginx -t failed: ${r.stderr}`);
}

/** Writes the configuration into a fresh directory (not started); `valuesFor` gets that directory. */
export function prepareNginx(valuesFor: (dir: string) => Record<string, string>): string {
  return prepareNginxWith((dir) => renderTemplate(readFileSync(NGINX_TEMPLATE, "utf8"), valuesFor(dir)));
}

/** The same main configuration around an http-level text of the caller's (`httpLevel` gets the directory). */
function prepareNginxWith(httpLevel: (dir: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "qp-nginx-"));
  for (const d of ["logs", "cache", "temp", "www"]) mkdirSync(path.join(dir, d));
  const included = path.join(dir, "quorumpoint.conf");
  writeFileSync(included, httpLevel(dir));
  writeFileSync(path.join(dir, "nginx.conf"), mainConfig(dir, included));
  if (process.getuid?.() === 0) chownTree(dir);
  return dir;
}

export async function startNginx(o: NginxOptions): Promise<RunningNginx> {
  return launchNginx(prepareNginx((d) => templateValues(o, d)), o.port);
}

/**
 * nginx serving `files` (URL path -> bytes) from disk as static files, with the same main
 * configuration as the proxy: what this machine can serve at most, for comparison.
 */
export async function startStaticNginx(port: number, files: ReadonlyMap<string, Uint8Array>): Promise<RunningNginx> {
  const dir = prepareNginxWith((d) => {
    for (const [urlPath, bytes] of files) {
      const file = path.join(d, "www", urlPath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    return [
      `server {`,
      `  listen 127.0.0.1:${port} reuseport;`,
      `  access_log ${path.join(d, "logs/access.log")};`,
      `  root ${path.join(d, "www")};`,
      `  default_type application/octet-stream;`,
      `}`,
      "",
    ].join("\n");
  });
  return launchNginx(dir, port);
}

async function launchNginx(dir: string, port: number): Promise<RunningNginx> {
  checkConfig(dir);
  const child = spawn(NGINX_BIN, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "pipe"], ...unprivileged() });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    return (await fetch(`${url}/_qp_not_a_route_`).catch(() => null)) !== null;
  }, { timeoutMs: 10_000, message: () => `nginx to listen on ${url} (stderr: ${stderr})` });
  const accessLog = path.join(dir, "logs/access.log");
  return {
    url, dir, accessLog, child,
    logLines: () => (existsSync(accessLog) ? readFileSync(accessLog, "utf8").split("\n").filter((l) => l !== "") : []),
    async stop() {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
