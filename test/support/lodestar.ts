/**
 * A real Lodestar 1.5.1 on loopback for tests: a dev chain whose own validators propose and
 * finalize (`startLodestarDev`), and followers that checkpoint-sync from a URL and then
 * fetch the chain over libp2p from the dev node (`startLodestarFollower`). Minimal preset,
 * every socket on 127.0.0.1, each node in a temp folder with its own log.
 *
 * Call `ensureLodestar()` (lodestar-install.ts) first, from a `before` with a generous
 * timeout, and `stop()` every node from an `after` hook (or `stopAllLodestar()`); a node a
 * test forgot is still killed when the test process exits.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BeaconFork } from "../../src/model/beacon.js";
import { eventually } from "./eventually.js";
import { freePorts } from "./free-ports.js";
import { type BlockHeaderInfo, blockHeader, hasBlock, headSlot, nodeIdentity, postOk } from "./lodestar-api.js";
import { LODESTAR_BIN } from "./lodestar-install.js";
import { type LodestarProcess, describeNode, registerRestUrl, spawnLodestarProcess } from "./lodestar-process.js";

/** The minimal preset's SLOTS_PER_EPOCH. */
export const SLOTS_PER_EPOCH = 8;

/** The chain's parameters, shared by the dev node and its followers (they must agree). */
export interface LodestarChainOptions {
  validators: number;
  secondsPerSlot: number;
  altairEpoch: number;
  bellatrixEpoch: number;
  capellaEpoch: number;
}

/** Eight validators, one-second slots, altair from genesis, bellatrix at 1, capella at 2: finality at epoch 3 within a minute. */
export const DEFAULT_CHAIN: LodestarChainOptions = { validators: 8, secondsPerSlot: 1, altairEpoch: 0, bellatrixEpoch: 1, capellaEpoch: 2 };

export interface LodestarDevOptions extends Partial<LodestarChainOptions> {
  /** Genesis this many seconds after the start, so the validators are up before slot 0. */
  genesisDelaySec?: number;
  /** For the REST API to answer. */
  startTimeoutMs?: number;
  name?: string;
}

export interface LodestarNode {
  name: string;
  restUrl: string;
  peerId: string;
  enr: string;
  /** Its libp2p TCP address, `/ip4/127.0.0.1/tcp/<port>`, as `connect_peer` takes it. */
  multiaddr: string;
  chain: LodestarChainOptions;
  process: LodestarProcess;
  /** Kill the process group and remove the data folder (the log is kept); idempotent. */
  stop(): Promise<void>;
}

export interface LodestarDevNode extends LodestarNode {
  genesisTime: number;
}

export interface LodestarFollowerOptions {
  checkpointSyncUrl: string;
  /** The ENR of the node to fetch blocks from (the dev node's `enr`). */
  bootnode: string;
  /** `root:epoch`: skip the finality request and anchor at this checkpoint. */
  wssCheckpoint?: string;
  /** The dev node's `chain`; DEFAULT_CHAIN unless told. */
  chain?: LodestarChainOptions;
  startTimeoutMs?: number;
  name?: string;
}

const started = new Set<LodestarNode>();
let devCount = 0;
let followerCount = 0;

export async function startLodestarDev(o: LodestarDevOptions = {}): Promise<LodestarDevNode> {
  const chain: LodestarChainOptions = {
    validators: o.validators ?? DEFAULT_CHAIN.validators,
    secondsPerSlot: o.secondsPerSlot ?? DEFAULT_CHAIN.secondsPerSlot,
    altairEpoch: o.altairEpoch ?? DEFAULT_CHAIN.altairEpoch,
    bellatrixEpoch: o.bellatrixEpoch ?? DEFAULT_CHAIN.bellatrixEpoch,
    capellaEpoch: o.capellaEpoch ?? DEFAULT_CHAIN.capellaEpoch,
  };
  const genesisTime = Math.floor(Date.now() / 1000) + (o.genesisDelaySec ?? 5);
  const node = await startNode(o.name ?? `lodestar-dev-${++devCount}`, o.startTimeoutMs, (restPort) => [
    ...chainArgs(chain),
    "--genesisTime", String(genesisTime),
    "--startValidators", `0..${chain.validators - 1}`,
    // The validator client finds its beacon node here; it does not follow --rest.port by itself.
    "--server", `http://127.0.0.1:${restPort}`,
    "--network.connectToDiscv5Bootnodes", "false",
  ], chain);
  return Object.assign(node, { genesisTime });
}

export async function startLodestarFollower(o: LodestarFollowerOptions): Promise<LodestarNode> {
  const chain = o.chain ?? DEFAULT_CHAIN;
  return startNode(o.name ?? `lodestar-follower-${++followerCount}`, o.startTimeoutMs, () => [
    ...chainArgs(chain),
    "--sync.isSingleNode", "false",
    // With discv5 off, this is what makes it dial the bootnode directly.
    "--network.connectToDiscv5Bootnodes", "true",
    "--bootnodes", o.bootnode,
    "--checkpointSyncUrl", o.checkpointSyncUrl,
    ...(o.wssCheckpoint === undefined ? [] : ["--wssCheckpoint", o.wssCheckpoint]),
  ], chain);
}

/** Stop every node started in this process. */
export async function stopAllLodestar(): Promise<void> {
  await Promise.all([...started].map((n) => n.stop()));
}

/**
 * The workaround for 1.5.1's stall: a follower anchored at the latest finalized state keeps it
 * as its head until its peer connection is made again. Disconnect the dev node, then dial it.
 */
export async function redial(follower: LodestarNode, dev: LodestarNode): Promise<void> {
  const peer = encodeURIComponent(dev.peerId);
  await postOk(`${follower.restUrl}/eth/v1/lodestar/disconnect_peer?peerId=${peer}`);
  await postOk(`${follower.restUrl}/eth/v1/lodestar/connect_peer?peerId=${peer}&multiaddr=${encodeURIComponent(dev.multiaddr)}`);
}

export interface FollowResult<T> {
  value: T;
  /** Re-dials made on the way. */
  redials: number;
}

/**
 * Poll `done` until it gives a truthy value, re-dialing the dev node whenever the follower
 * stalls: no head progress over `stallMs` while the dev node is at least an epoch ahead.
 * 1.5.1 can stall right after the anchor and again later, once caught up; a re-dial
 * restarts its sync each time.
 */
export async function followUntil<T>(follower: LodestarNode, dev: LodestarNode, what: string, done: () => Promise<T | null | false>,
  timeoutMs: number, stallMs = 5_000): Promise<FollowResult<T>> {
  let redials = 0;
  let lastSlot = -1;
  let lastMove = Date.now();
  let devSlot = -1;
  const value = await eventually(async () => {
    const v = await done();
    if (v) return { v };
    const slot = await headSlot(follower.restUrl);
    if (slot !== lastSlot) {
      lastSlot = slot;
      lastMove = Date.now();
      return null;
    }
    devSlot = await headSlot(dev.restUrl);
    if (Date.now() - lastMove >= stallMs && devSlot >= slot + SLOTS_PER_EPOCH) {
      await redial(follower, dev);
      redials++;
      lastMove = Date.now();
    }
    return null;
  }, { timeoutMs, intervalMs: 500,
    message: () => `${what} (${follower.name}'s head ${lastSlot}, dev head ${devSlot}, ${redials} re-dials)${describeNode(follower.restUrl)}` });
  return { value: value.v as T, redials };
}

/** Wait until the follower has the block that was the dev node's head when the wait began; that head. */
export async function waitFollowerSynced(follower: LodestarNode, dev: LodestarNode, timeoutMs: number): Promise<FollowResult<BlockHeaderInfo>> {
  const head = await blockHeader(dev.restUrl, "head");
  return followUntil(follower, dev, `${follower.name} has the dev head ${head.root} at slot ${head.slot}`, async () =>
    // Both: a stalled 1.5.1 follower can answer for a block by root that its fork choice has not taken.
    (await headSlot(follower.restUrl)) >= head.slot && (await hasBlock(follower.restUrl, head.root)) && head, timeoutMs);
}

/** The fork in force at `epoch` on this chain. */
export function forkAtEpoch(chain: LodestarChainOptions, epoch: number): BeaconFork {
  if (epoch >= chain.capellaEpoch) return "capella";
  if (epoch >= chain.bellatrixEpoch) return "bellatrix";
  return epoch >= chain.altairEpoch ? "altair" : "phase0";
}

function chainArgs(c: LodestarChainOptions): string[] {
  return [
    "--genesisValidators", String(c.validators),
    "--params.SECONDS_PER_SLOT", String(c.secondsPerSlot),
    "--params.ALTAIR_FORK_EPOCH", String(c.altairEpoch),
    "--params.BELLATRIX_FORK_EPOCH", String(c.bellatrixEpoch),
    "--params.CAPELLA_FORK_EPOCH", String(c.capellaEpoch),
  ];
}

/** A port taken between our probe and Lodestar's bind shows as an early exit: try again with new ports. */
const START_ATTEMPTS = 3;

async function startNode(name: string, startTimeoutMs = 60_000, roleArgs: (restPort: number) => string[], chain: LodestarChainOptions): Promise<LodestarNode> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), `${name}-`));
  const logFile = path.join(home, "lodestar.log");
  for (let attempt = 1; ; attempt++) {
    const dataDir = path.join(home, `data-${attempt}`);
    await fs.mkdir(dataDir);
    const [restPort, p2pPort] = await freePorts(2);
    const restUrl = `http://127.0.0.1:${restPort}`;
    const args = ["dev", ...roleArgs(restPort),
      "--rest", "--rest.address", "127.0.0.1", "--rest.port", String(restPort), "--rest.namespace", "*",
      "--listenAddress", "127.0.0.1", "--port", String(p2pPort), "--enr.ip", "127.0.0.1",
      "--discv5", "false", "--mdns", "false", "--metrics", "false", "--eth1", "false", "--execution.engineMock",
      "--logFile", "none", "--dataDir", dataDir];
    // `dev` writes genesis.ssz into its working folder: give it the data folder.
    const proc = spawnLodestarProcess(name, LODESTAR_BIN, args, { cwd: dataDir, logFile, env: { ...process.env, LODESTAR_PRESET: "minimal" } });
    registerRestUrl(restUrl, proc);
    let exitCode: number | null | undefined;
    void proc.exited.then((c) => (exitCode = c));
    try {
      const id = await eventually(async () => {
        if (exitCode !== undefined) return { exited: exitCode };
        return { id: await nodeIdentity(restUrl) };
      }, { timeoutMs: startTimeoutMs, intervalMs: 250, message: () => `${name}'s REST API at ${restUrl}${describeNode(restUrl)}` });
      if ("exited" in id) {
        if (attempt < START_ATTEMPTS && proc.logTail(200).includes("EADDRINUSE")) continue;
        throw new Error(`${name} exited with ${id.exited} before its REST API answered${describeNode(restUrl)}`);
      }
      const node: LodestarNode = {
        name, restUrl, peerId: id.id.peerId, enr: id.id.enr, multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}`, chain, process: proc,
        async stop() {
          started.delete(node);
          await proc.stop();
          await fs.rm(dataDir, { recursive: true, force: true });
        },
      };
      started.add(node);
      return node;
    } catch (e) {
      await proc.stop();
      throw e;
    }
  }
}
