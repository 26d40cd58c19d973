/**
 * `quorumpoint devnet`: run simulated lean nodes (or, with `--chain beacon`, beacon nodes)
 * on loopback, alone, for other tools and for people. Prints each node's URL and behaviour, then the upstreams config (the Zig
 * leanpoint's format) on stdout, optionally writes it to a file, logs each finalized
 * checkpoint, and runs until SIGINT/SIGTERM (or `signal`).
 * Exit codes: 0 closed cleanly, 1 failed, 2 bad settings (one line on stderr).
 */
import { writeFileSync } from "node:fs";
import type { Options } from "yargs";
import { createLogger } from "../config/index.js";
import type { Logger } from "../config/index.js";
import { ConfigError, QuorumpointError } from "../model/errors.js";
import { BEACON_PATHS, describeBehaviours, LEAN_PATHS, startDevnet, upstreamsFile } from "../devnet/index.js";
import type { BeaconDevnetHandle, DevnetChain, DevnetHandle } from "../devnet/index.js";

/**
 * The devnet command's flags as a yargs options table (keys arrive camelCased). Values are
 * read as strings and judged here, so `--nodes abc` is reported as "abc", not NaN.
 */
export const devnetOptions: Record<string, Options> = {
  chain: { type: "string", default: "lean", describe: "Which chain the nodes simulate: lean or beacon (the beacon API)" },
  nodes: { type: "string", default: 4, describe: "Number of simulated nodes" },
  "port-base": { type: "string", default: 5052, describe: "Node i listens on 127.0.0.1:(port-base + i); 0 = any free ports" },
  behaviours: {
    type: "string",
    default: "",
    describe: `Faulty nodes, e.g. blackhole:3,slow:2@1500,forked:1 (behaviour[:count][@N]; faults take the last nodes). Behaviours: ${describeBehaviours().join(", ")}; beacon adds ${describeBehaviours("beacon").filter((b) => !describeBehaviours().includes(b)).join(", ")}`,
  },
  "slot-ms": { type: "string", describe: "Slot duration in ms (default 4000 lean, finality every 3 slots; 1000 beacon, finality every epoch)" },
  "state-mb": { type: "string", default: 2, describe: "Lean: size of each finalized state in MiB, reached through realistic list lengths" },
  preset: { type: "string", default: "mainnet", describe: "Beacon: SSZ preset, mainnet or minimal" },
  validators: { type: "string", default: 64, describe: "Beacon: number of validators (up to millions: the registry is built once)" },
  forks: { type: "string", default: "", describe: "Beacon: fork activation epochs, e.g. electra=2,fulu=4 or fulu=none (default every fork at 0)" },
  "upstreams-file": { type: "string", describe: "Also write the upstreams config JSON to this file" },
};

export interface DevnetCommandOptions {
  chain: DevnetChain;
  nodes: number;
  portBase: number;
  behaviours?: string;
  /** Default 4000 lean, 1000 beacon. */
  slotMs?: number;
  stateMb: number;
  preset?: "mainnet" | "minimal";
  validators?: number;
  forks?: string;
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

function chainFrom(value: unknown): DevnetChain {
  if (value === undefined || value === "lean" || value === "beacon") return value ?? "lean";
  throw new ConfigError("chain", value, `must be "lean" or "beacon"`);
}

function optionsFrom(raw: Record<string, unknown>): DevnetCommandOptions {
  const chain = chainFrom(raw.chain);
  return {
    ...(raw as Partial<DevnetCommandOptions>),
    chain,
    nodes: num("nodes", raw.nodes, 4),
    portBase: num("port-base", raw.portBase, 5052),
    slotMs: num("slot-ms", raw.slotMs, chain === "beacon" ? 1000 : 4000),
    stateMb: num("state-mb", raw.stateMb, 2),
    validators: num("validators", raw.validators, 64),
    preset: raw.preset === undefined ? undefined : (String(raw.preset) as "mainnet" | "minimal"),
    forks: raw.forks === undefined ? undefined : String(raw.forks),
    behaviours: raw.behaviours === undefined ? undefined : String(raw.behaviours),
    upstreamsFile: typeof raw.upstreamsFile === "string" ? raw.upstreamsFile : undefined,
  };
}

type AnyDevnet = { chain: "lean"; dn: DevnetHandle } | { chain: "beacon"; dn: BeaconDevnetHandle };

function printNodes(d: AnyDevnet, out: NodeJS.WritableStream, file: string | undefined): void {
  const dn = d.dn;
  if (d.chain === "beacon") {
    const c = d.dn.config;
    out.write(`beacon devnet: ${c.nodes} nodes, ${c.preset} preset, ${c.validators} validators, slot ${c.slotMs} ms, finality every epoch\n`);
  } else {
    const c = d.dn.config;
    out.write(`devnet: ${c.nodes} nodes, states of ~${(c.stateBytes / 2 ** 20).toFixed(2)} MiB, slot ${c.slotMs} ms, finality every ${c.finalityEverySlots} slots\n`);
  }
  for (const n of dn.nodes) {
    const params = Object.keys(n.params).length ? " " + JSON.stringify(n.params) : "";
    out.write(`  ${n.name}  ${n.url}  ${n.behaviour}${params}\n`);
  }
  const json = JSON.stringify(upstreamsFile(dn.nodes, d.chain === "beacon" ? BEACON_PATHS.finalizedState : LEAN_PATHS.state), null, 2);
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
  let d: AnyDevnet;
  let opts: DevnetCommandOptions;
  try {
    opts = optionsFrom(raw as Record<string, unknown>);
    const nodes = { nodes: opts.nodes, portBase: opts.portBase, slotMs: opts.slotMs, faults: opts.behaviours ?? "", faultsSetting: "behaviours" };
    d =
      opts.chain === "beacon"
        ? { chain: "beacon", dn: await startDevnet({ ...nodes, chain: "beacon", preset: opts.preset, validators: opts.validators, forks: opts.forks }) }
        : { chain: "lean", dn: await startDevnet({ ...nodes, stateMb: opts.stateMb }) };
  } catch (e) {
    const config = e instanceof QuorumpointError && e.code.startsWith("CONFIG_");
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return config ? 2 : 1;
  }
  const logger = (opts.logger ?? createLogger("info")).child({ component: "devnet" });
  const dn = d.dn;
  try {
    printNodes(d, out, opts.upstreamsFile);
  } catch (e) {
    await dn.close();
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  // Log each newly finalized checkpoint (a cheap call to the worker once a slot).
  let last = "";
  const follow = setInterval(() => {
    const expected: Promise<{ key: string; fields: Record<string, unknown> }> =
      d.chain === "beacon"
        ? d.dn.control.expected().then((x) => ({ key: x.root, fields: { epoch: x.epoch, slot: x.slot, root: x.root, stateRoot: x.stateRoot, fork: x.fork, bytes: x.stateSize } }))
        : d.dn.control.expected().then((x) => ({ key: x.finalized.root, fields: { slot: x.finalized.slot, root: x.finalized.root, stateRoot: x.stateRoot, bytes: x.stateSize } }));
    expected.then(
      (x) => {
        if (x.key === last) return;
        last = x.key;
        logger.info(x.fields, "finalized");
      },
      (e: unknown) => logger.warn({ err: e }, "devnet control call failed"),
    );
  }, dn.config.slotMs);
  const why = await stopRequested(opts.signal);
  clearInterval(follow);
  logger.info({ why }, "closing devnet");
  await dn.close();
  return 0;
}
