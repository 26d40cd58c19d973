/**
 * `quorumpoint devnet`: run simulated lean nodes on loopback, alone, for other tools and
 * for people. Prints each node's URL and behaviour, then the upstreams config (the Zig
 * leanpoint's format) on stdout, optionally writes it to a file, logs each finalized
 * checkpoint, and runs until SIGINT/SIGTERM (or `signal`).
 * Exit codes: 0 closed cleanly, 1 failed, 2 bad settings (one line on stderr).
 */
import { writeFileSync } from "node:fs";
import type { Options } from "yargs";
import { createLogger } from "../config/index.js";
import type { Logger } from "../config/index.js";
import { ConfigError, QuorumpointError } from "../model/errors.js";
import { describeBehaviours, startDevnet, upstreamsFile } from "../devnet/index.js";
import type { DevnetHandle } from "../devnet/index.js";

/**
 * The devnet command's flags as a yargs options table (keys arrive camelCased). Values are
 * read as strings and judged here, so `--nodes abc` is reported as "abc", not NaN.
 */
export const devnetOptions: Record<string, Options> = {
  nodes: { type: "string", default: 4, describe: "Number of simulated nodes" },
  "port-base": { type: "string", default: 5052, describe: "Node i listens on 127.0.0.1:(port-base + i); 0 = any free ports" },
  behaviours: {
    type: "string",
    default: "",
    describe: `Faulty nodes, e.g. blackhole:3,slow:2@1500,forked:1 (behaviour[:count][@N]; faults take the last nodes). Behaviours: ${describeBehaviours().join(", ")}`,
  },
  "slot-ms": { type: "string", default: 4000, describe: "Slot duration in ms (finality advances every 3 slots)" },
  "state-mb": { type: "string", default: 2, describe: "Size of each finalized state in MiB, reached through realistic list lengths" },
  "upstreams-file": { type: "string", describe: "Also write the upstreams config JSON to this file" },
};

export interface DevnetCommandOptions {
  nodes: number;
  portBase: number;
  behaviours?: string;
  slotMs: number;
  stateMb: number;
  upstreamsFile?: string;
  logger?: Logger;
  /** Stop when aborted (tests); SIGINT/SIGTERM always stop. */
  signal?: AbortSignal;
  /** Where the URLs and the config go (default stdout). */
  out?: NodeJS.WritableStream;
}

function num(setting: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new ConfigError(setting, value, "must be a number");
  return n;
}

function optionsFrom(raw: Record<string, unknown>): DevnetCommandOptions {
  return {
    ...(raw as Partial<DevnetCommandOptions>),
    nodes: num("nodes", raw.nodes, 4),
    portBase: num("port-base", raw.portBase, 5052),
    slotMs: num("slot-ms", raw.slotMs, 4000),
    stateMb: num("state-mb", raw.stateMb, 2),
    behaviours: raw.behaviours === undefined ? undefined : String(raw.behaviours),
    upstreamsFile: typeof raw.upstreamsFile === "string" ? raw.upstreamsFile : undefined,
  };
}

function printNodes(dn: DevnetHandle, out: NodeJS.WritableStream, file: string | undefined): void {
  const c = dn.config;
  out.write(`devnet: ${c.nodes} nodes, states of ~${(c.stateBytes / 2 ** 20).toFixed(2)} MiB, slot ${c.slotMs} ms, finality every ${c.finalityEverySlots} slots\n`);
  for (const n of dn.nodes) {
    const params = Object.keys(n.params).length ? " " + JSON.stringify(n.params) : "";
    out.write(`  ${n.name}  ${n.url}  ${n.behaviour}${params}\n`);
  }
  const json = JSON.stringify(upstreamsFile(dn.nodes), null, 2);
  if (file !== undefined) {
    writeFileSync(file, json + "\n");
    out.write(`upstreams config written to ${file}:\n`);
  } else {
    out.write("upstreams config:\n");
  }
  out.write(json + "\n");
}

/** Resolves when SIGINT, SIGTERM or `signal` asks to stop. */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      signal?.removeEventListener("abort", onAbort);
      resolve(why);
    };
    const onInt = (): void => done("SIGINT");
    const onTerm = (): void => done("SIGTERM");
    const onAbort = (): void => done("abort");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal?.aborted) done("abort");
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Run the devnet until asked to stop. Resolves to the exit code. */
export async function runDevnetCommand(raw: Record<string, unknown> | DevnetCommandOptions): Promise<number> {
  const out = (raw.out as NodeJS.WritableStream | undefined) ?? process.stdout;
  let dn: DevnetHandle;
  let opts: DevnetCommandOptions;
  try {
    opts = optionsFrom(raw as Record<string, unknown>);
    dn = await startDevnet({
      nodes: opts.nodes,
      portBase: opts.portBase,
      slotMs: opts.slotMs,
      stateMb: opts.stateMb,
      faults: opts.behaviours ?? "",
      faultsSetting: "behaviours",
    });
  } catch (e) {
    const config = e instanceof QuorumpointError && e.code.startsWith("CONFIG_");
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return config ? 2 : 1;
  }
  const logger = (opts.logger ?? createLogger("info")).child({ component: "devnet" });
  try {
    printNodes(dn, out, opts.upstreamsFile);
  } catch (e) {
    await dn.close();
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  // Log each newly finalized checkpoint (a cheap call to the worker once a slot).
  let lastIndex = -1;
  const follow = setInterval(() => {
    dn.control.expected().then(
      (x) => {
        if (x.index === lastIndex) return;
        lastIndex = x.index;
        logger.info({ slot: x.finalized.slot, root: x.finalized.root, stateRoot: x.stateRoot, bytes: x.stateSize }, "finalized");
      },
      (e: unknown) => logger.warn({ err: e }, "devnet control call failed"),
    );
  }, opts.slotMs);
  const why = await stopRequested(opts.signal);
  clearInterval(follow);
  logger.info({ why }, "closing devnet");
  await dn.close();
  return 0;
}
