/**
 * Devnet options (what callers pass), the resolved config (what the worker receives) and
 * the state-size plan that turns `stateMb` into realistic list lengths.
 */
import { ConfigError } from "../model/errors.js";
import { HISTORICAL_ROOTS_LIMIT, VALIDATOR_REGISTRY_LIMIT } from "../lean/types.js";
import type { Behaviour, DevnetChain } from "./behaviours.js";
import { assignFaults, parseFaultSpec } from "./fault-spec.js";
import type { FaultEntry } from "./fault-spec.js";

/** The options every devnet takes, lean or beacon: its nodes, their faults, its clock. */
export interface NodesOptions {
  /** Number of nodes (1..1024). */
  nodes: number;
  /** First port; node i listens on portBase + i. 0 (default): each node takes a free port. */
  portBase?: number;
  /** Slot duration in ms (default 4000 lean, 1000 beacon). */
  slotMs?: number;
  /** Fault spec (see fault-spec.ts) or already parsed entries. */
  faults?: string | readonly FaultEntry[];
  /** The setting name fault-spec errors name (default "devnet-faults"). */
  faultsSetting?: string;
  /** "running" (default): finality advances on its own; "paused": only advanceFinality() moves it. */
  clock?: "running" | "paused";
  /**
   * How long a node keeps an idle connection open, ms (default: Node's, 5 s). The bench
   * sets minutes: its runners sit idle while the others take their turns (bench/turns.ts).
   */
  keepAliveMs?: number;
}

/** The resolved form of NodesOptions: what the host needs to run any devnet's nodes. */
export interface NodesConfig {
  nodes: number;
  portBase: number;
  slotMs: number;
  clock: "running" | "paused";
  behaviours: Behaviour[];
  /** null: Node's default. */
  keepAliveMs: number | null;
}

export interface DevnetOptions extends NodesOptions {
  /** The lean chain (the default); `startDevnet({ chain: "beacon" })` takes BeaconDevnetOptions. */
  chain?: "lean";
  /** Finality advances every this many slots (default 3). */
  finalityEverySlots?: number;
  /** Target SSZ size of a finalized state in MiB (default 2). */
  stateMb?: number;
  /** Validator count (default 64; raised when a big state needs it). */
  validators?: number;
  /** config.genesis_time in seconds (default: as if the chain had run anchorSlot slots until now). */
  genesisTime?: number;
}

/** How a state of the target size is laid out (element counts at finalized checkpoint 0). */
export interface StatePlan {
  /** Slot of finalized checkpoint 0 = length of historical_block_hashes in its state. */
  anchorSlot: number;
  validators: number;
  /** Length of justifications_roots (justifications_validators has this x validators bits). */
  justificationRoots: number;
}

export interface DevnetConfig extends NodesConfig {
  chain?: "lean";
  finalityEverySlots: number;
  stateBytes: number;
  plan: StatePlan;
  genesisTime: number;
}

const MiB = 2 ** 20;
const FIXED_PART = 228;
const VALIDATOR_BYTES = 112;
/**
 * Slots of headroom left in historical_block_hashes (limit 2^18) for the chain to grow:
 * 16384 slots are 18 h at 4 s slots. Only a state past ~8 MiB is limited by it; smaller
 * plans leave far more room. When the room runs out finality stops advancing.
 */
const GROWTH_ROOM = 2 ** 14;
/** A few pending justifications even in the smallest state, so those lists are exercised. */
const MIN_JUSTIFICATION_ROOTS = 8;

export function intIn(setting: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(setting, value, `must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/** Lay out `stateBytes`: history first (that is how real states grow), then justifications. */
export function planState(stateBytes: number, wantedValidators: number, finalityEverySlots: number): StatePlan {
  let validators = Math.max(4, Math.min(wantedValidators, Math.floor((stateBytes * 0.1) / VALIDATOR_BYTES)));
  let roots = MIN_JUSTIFICATION_ROOTS;
  const listBytes = (h: number, r: number, v: number): number =>
    32 * h + Math.floor(h / 8) + 1 + VALIDATOR_BYTES * v + 32 * r + Math.floor((r * v) / 8) + 1;
  const rest = stateBytes - FIXED_PART - listBytes(0, roots, validators);
  let history = Math.floor(rest / (32 + 1 / 8));
  const historyCap = HISTORICAL_ROOTS_LIMIT - GROWTH_ROOM;
  if (history > historyCap) {
    history = historyCap;
    let left = stateBytes - FIXED_PART - listBytes(history, 0, validators);
    // More bytes than 2^18 roots can hold at this validator count: widen the bitfield.
    if (left / (32 + validators / 8) > HISTORICAL_ROOTS_LIMIT) {
      validators = Math.min(VALIDATOR_REGISTRY_LIMIT, Math.ceil((left / HISTORICAL_ROOTS_LIMIT - 32) * 8));
      left = stateBytes - FIXED_PART - listBytes(history, 0, validators);
    }
    roots = Math.min(HISTORICAL_ROOTS_LIMIT, Math.floor(left / (32 + validators / 8)));
  }
  // The chain needs two checkpoints of prefilled history before checkpoint 0.
  return { anchorSlot: Math.max(history, 3 * finalityEverySlots), validators, justificationRoots: roots };
}

/** Check the node options of a devnet of `chain` and resolve their defaults. Throws ConfigError. */
export function resolveNodesConfig(o: NodesOptions, chain: DevnetChain, defaultSlotMs: number): NodesConfig {
  const nodes = intIn("nodes", o.nodes, 1, 1024);
  const portBase = intIn("port-base", o.portBase ?? 0, 0, 65535);
  if (portBase !== 0 && portBase + nodes - 1 > 65535) throw new ConfigError("port-base", portBase, `port-base + nodes - 1 must be <= 65535`);
  const slotMs = intIn("slot-ms", o.slotMs ?? defaultSlotMs, 10, 3_600_000);
  const setting = o.faultsSetting ?? "devnet-faults";
  const entries = typeof o.faults === "string" ? parseFaultSpec(o.faults, setting, chain) : (o.faults ?? []);
  const clock = o.clock ?? "running";
  if (clock !== "running" && clock !== "paused") throw new ConfigError("clock", clock, `must be "running" or "paused"`);
  const behaviours = assignFaults(entries, nodes, setting, typeof o.faults === "string" ? o.faults : undefined);
  const keepAliveMs = o.keepAliveMs === undefined ? null : intIn("keep-alive-ms", o.keepAliveMs, 1, 3_600_000);
  return { nodes, portBase, slotMs, clock, behaviours, keepAliveMs };
}

/** Check options and resolve defaults. Throws ConfigError (one line naming the setting). */
export function resolveDevnetConfig(o: DevnetOptions, nowMs = Date.now()): DevnetConfig {
  const common = resolveNodesConfig(o, "lean", 4000);
  const finalityEverySlots = intIn("finality-every-slots", o.finalityEverySlots ?? 3, 1, 64);
  const stateMb = o.stateMb ?? 2;
  if (!(Number.isFinite(stateMb) && stateMb >= 0.001 && stateMb <= 256)) {
    throw new ConfigError("state-mb", stateMb, "must be a number in [0.001, 256]");
  }
  const stateBytes = Math.round(stateMb * MiB);
  const validators = intIn("validators", o.validators ?? 64, 4, VALIDATOR_REGISTRY_LIMIT);
  const plan = planState(stateBytes, validators, finalityEverySlots);
  const genesisTime = o.genesisTime ?? Math.max(0, Math.floor((nowMs - plan.anchorSlot * common.slotMs) / 1000));
  intIn("genesis-time", genesisTime, 0, 2 ** 40);
  return { ...common, finalityEverySlots, stateBytes, plan, genesisTime };
}
