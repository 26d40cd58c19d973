/** The commit and the machine a bench run is measured on (the shapes are in model/results.ts). */
import { execFileSync } from "node:child_process";
import os from "node:os";
import type { Machine } from "./model/results.js";

/** HEAD of the checkout the bench is run from, or "unknown" outside one. */
export function describeCommit(cwd = process.cwd()): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "workers"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg()[0]!,
    loadEnd: os.loadavg()[0]!,
  };
}
