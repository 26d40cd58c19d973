/**
 * One Lodestar child process: its own process group (so stopping it also stops anything it
 * forks), its output in a log file of its own, and a registry by REST URL so a failed wait
 * can print the tail of the right log. Every group still alive when the test process exits
 * (a failed test, a crash, a SIGTERM from the test runner) is killed from an `exit` or signal hook.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";

export interface LodestarProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves to the exit code (or null for a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** The last `lines` lines of its log, colours stripped. */
  logTail(lines?: number): string;
  /** SIGTERM to the group, SIGKILL if it is still there after `graceMs`; idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Map<number, ChildProcess>();
const byRestUrl = new Map<string, LodestarProcess>();

function killAll(): void {
  for (const pid of live.keys()) killGroup(pid, "SIGKILL");
}

process.once("exit", killAll);
// A signal ends the process without "exit" (the test runner stops a file that ran out of time
// with SIGTERM): kill the groups, then, if nobody else handles the signal, die of it as before.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  const onSignal = () => {
    killAll();
    if (process.listenerCount(signal) === 1) {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    }
  };
  process.on(signal, onSignal);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

export function spawnLodestarProcess(name: string, bin: string, args: string[], o: { cwd: string; logFile: string; env: NodeJS.ProcessEnv }): LodestarProcess {
  const fd = openSync(o.logFile, "a");
  // The bin is a node script: run it with this very node, whatever PATH says.
  const child = spawn(process.execPath, [bin, ...args], { cwd: o.cwd, env: o.env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: lodestar did not start (see ${o.logFile})`);
  live.set(pid, child);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => {
    live.delete(pid);
    r(code);
  }));
  let stopping: Promise<void> | null = null;
  const proc: LodestarProcess = {
    name, pid, logFile: o.logFile, exited,
    logTail: (lines = 40) => tailOf(o.logFile, lines),
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (!live.has(pid)) return;
        killGroup(pid, "SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), graceMs)));
        if ((await Promise.race([exited, late])) === "late") {
          killGroup(pid, "SIGKILL");
          await exited;
        }
        clearTimeout(timer);
        // The group may hold children that outlive the leader's exit: make sure.
        killGroup(pid, "SIGKILL");
      })();
      return stopping;
    },
  };
  return proc;
}

function tailOf(file: string, lines: number): string {
  try {
    return stripVTControlCharacters(readFileSync(file, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");
  } catch (e) {
    return `(no log: ${(e as Error).message})`;
  }
}

export function registerRestUrl(restUrl: string, p: LodestarProcess): void {
  byRestUrl.set(restUrl, p);
}

/** For a failure message: the tail of the log of the node serving `restUrl`, if it is one of ours. */
export function describeNode(restUrl: string, lines = 30): string {
  const p = byRestUrl.get(restUrl);
  if (p === undefined) return "";
  return `\n--- last ${lines} lines of ${p.name}'s log (${p.logFile}) ---\n${p.logTail(lines)}\n---`;
}
