/**
 * Run the real `quorumpoint` CLI as a child process and find its API URL from the log
 * line "quorumpoint listening". Tests use it to exercise the daemon exactly as a user does:
 * by default through the bin itself (its shebang picks node's flags, as for an installed
 * `quorumpoint`), or as `node dist/src/cli/main.js` with no flags at all.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eventually } from "./eventually.js";
import { REPO_ROOT } from "./paths.js";

const BIN = path.join(REPO_ROOT, "dist/src/cli/main.js");

export interface SpawnOptions {
  timeoutMs?: number;
  /** "bin" (default): run the file, its shebang starts node; "plain-node": `node BIN`, no node flags. */
  via?: "bin" | "plain-node";
}

export interface SpawnedDaemon {
  url: string;
  child: ChildProcess;
  /** Every JSON log line seen so far. */
  lines: Array<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function spawnDaemon(args: string[], { timeoutMs = 30_000, via = "bin" }: SpawnOptions = {}): Promise<SpawnedDaemon> {
  const argv = ["serve", "--port", "0", ...args];
  // The shebang finds `node` on PATH: put this very node first.
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    QUORUMPOINT_LOG_LEVEL: process.env.QUORUMPOINT_LOG_LEVEL ?? "info" };
  const child = via === "bin"
    ? spawn(BIN, argv, { stdio: ["ignore", "pipe", "pipe"], env })
    : spawn(process.execPath, [BIN, ...argv], { stdio: ["ignore", "pipe", "pipe"], env });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    let buf = "";
    child.stdout!.on("data", (d) => {
      buf += String(d);
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const j = JSON.parse(line) as Record<string, unknown>;
          lines.push(j);
          if (j.msg === "quorumpoint listening") {
            clearTimeout(timer);
            resolve(String(j.url));
          }
        } catch {
          /* not JSON */
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
  return {
    url, child, lines,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Wait until `pred` holds for the JSON at `url`, polling every 200 ms; returns that JSON. */
export async function waitForJson<T>(url: string, pred: (j: T) => boolean, timeoutMs = 20_000): Promise<T> {
  let last: unknown;
  return eventually(async () => {
    last = await (await fetch(url)).json();
    return pred(last as T) ? { json: last as T } : null;
  }, { timeoutMs, intervalMs: 200, message: () => `the condition at ${url} (last JSON: ${JSON.stringify(last)?.slice(0, 2000)})` }).then((r) => r.json);
}
