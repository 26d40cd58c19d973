/**
 * The per-node behaviours of the simulated devnet: names, their
 * parameters with defaults, and validation. Plain data, so it is shared by the main thread
 * (fault specs, the control facade) and the devnet worker (the servers).
 *
 * Which requests a behaviour touches:
 * - transport faults (slow, blackhole, refused, http-error, flapping) hit every path;
 * - body faults (trickle, json-instead-of-ssz) hit the two SSZ paths (state and block);
 * - state faults (truncated, corrupted, wrong-root, huge) hit `/lean/v0/states/finalized`
 *   only: the block stays honest, so the poller can see the state does not match it;
 * - chain choices (lagging, forked) change which checkpoint every path reports;
 * - client kinds: no-block serves no `/lean/v0/blocks/finalized` (404, as qlean's nodes),
 *   json-unless-accept answers both SSZ paths with JSON unless `Accept` names
 *   `application/octet-stream` (as ream's nodes);
 * - bad-block serves a block that is not one (bytes that do not decode, or JSON) beside an
 *   honest state.
 *
 * A beacon devnet's nodes take the same behaviours on the beacon API's paths (state faults
 * on the debug state path, body faults on it and on the SSZ block path), except
 * json-unless-accept, which is every beacon node's normal answer; and three of their own:
 * - wrong-network: another network (genesis_validators_root, fork versions, CONFIG_NAME,
 *   deposit chain) in its genesis, spec and states;
 * - head-state: asked for the finalized state, it answers with an older head state advanced
 *   through empty slots to the finalized slot (checkpointz's known failure): a real state
 *   of that slot whose latest block is not the finalized checkpoint's;
 * - no-ssz: serves states only as JSON, 415 when only SSZ is acceptable.
 */
import { QuorumpointError } from "../model/errors.js";

export const BEHAVIOURS = [
  "healthy",
  "lagging",
  "forked",
  "slow",
  "trickle",
  "blackhole",
  "refused",
  "http-error",
  "json-instead-of-ssz",
  "truncated",
  "corrupted",
  "wrong-root",
  "huge",
  "flapping",
  "no-block",
  "json-unless-accept",
  "bad-block",
] as const;

/** Which chain a devnet simulates. */
export type DevnetChain = "lean" | "beacon";

/** What a beacon devnet's nodes can do: the lean behaviours that apply, then its own. */
export const BEACON_BEHAVIOURS = [
  ...BEHAVIOURS.filter((b) => b !== "json-unless-accept"),
  "wrong-network",
  "head-state",
  "no-ssz",
] as const;
export type BehaviourName = (typeof BEHAVIOURS)[number] | "wrong-network" | "head-state" | "no-ssz";

/** The behaviours a devnet of `chain` takes. */
export function behavioursOf(chain: DevnetChain): readonly BehaviourName[] {
  return chain === "beacon" ? BEACON_BEHAVIOURS : BEHAVIOURS;
}

/** Most lag a lagging node may have: the chain keeps this many old checkpoints' trees. */
export const MAX_LAG_CHECKPOINTS = 32;

export interface BehaviourParamsMap {
  healthy: Record<string, never>;
  /** Serves the honest chain `checkpoints` finalized checkpoints behind. */
  lagging: { checkpoints: number };
  /** Serves its own chain; nodes with the same `fork` number agree with each other. */
  forked: { fork: number };
  /** Waits `delayMs` before sending the response headers. */
  slow: { delayMs: number };
  /** Sends SSZ bodies `chunkBytes` at a time, one chunk every `intervalMs`. */
  trickle: { chunkBytes: number; intervalMs: number };
  blackhole: Record<string, never>;
  refused: Record<string, never>;
  /** Answers every request with this status. */
  "http-error": { status: number };
  "json-instead-of-ssz": Record<string, never>;
  /**
   * "short": Content-Length honestly states the cut length (a complete HTTP response
   * whose bytes do not decode); "close": Content-Length of the whole state, then the
   * connection is destroyed half-way (an HTTP-level error at the client).
   */
  truncated: { mode: "short" | "close" };
  corrupted: Record<string, never>;
  "wrong-root": Record<string, never>;
  /**
   * A state body of `bytes` bytes, generated lazily; `chunked` omits Content-Length;
   * `block: false` serves no finalized block either (as qlean's nodes), so a poller cannot
   * know the root before the body.
   */
  huge: { bytes: number; chunked: boolean; block: boolean };
  /**
   * Cycles healthy -> http-error 503 -> blackhole: per request when `periodMs` is 0,
   * else one phase per `periodMs` of wall time.
   */
  flapping: { periodMs: number };
  "no-block": Record<string, never>;
  "json-unless-accept": Record<string, never>;
  /** "garbage": 200 SSZ bytes that are no SignedBlock; "json": 200 JSON on the block path only. */
  "bad-block": { mode: "garbage" | "json" };
  "wrong-network": Record<string, never>;
  "head-state": Record<string, never>;
  "no-ssz": Record<string, never>;
}

export type Behaviour = { [K in BehaviourName]: { name: K; params: BehaviourParamsMap[K] } }[BehaviourName];

type Param = number | string | boolean;

interface ParamRule {
  default: Param;
  /** Integer bounds (numbers) or allowed values (strings). */
  min?: number;
  max?: number;
  values?: readonly string[];
}

interface BehaviourRule {
  params: Record<string, ParamRule>;
  /** The parameter a fault spec sets with `@N`, and the unit factor it applies. */
  main?: { key: string; scale: number; unit: string };
}

const MiB = 2 ** 20;

const RULES: Record<BehaviourName, BehaviourRule> = {
  healthy: { params: {} },
  lagging: {
    params: { checkpoints: { default: 2, min: 1, max: MAX_LAG_CHECKPOINTS } },
    main: { key: "checkpoints", scale: 1, unit: "checkpoints" },
  },
  forked: { params: { fork: { default: 1, min: 1, max: 1000 } }, main: { key: "fork", scale: 1, unit: "fork number" } },
  slow: { params: { delayMs: { default: 2000, min: 0, max: 3_600_000 } }, main: { key: "delayMs", scale: 1, unit: "ms" } },
  trickle: {
    params: { chunkBytes: { default: 1024, min: 1, max: 16 * MiB }, intervalMs: { default: 10, min: 1, max: 60_000 } },
    main: { key: "intervalMs", scale: 1, unit: "ms between chunks" },
  },
  blackhole: { params: {} },
  refused: { params: {} },
  "http-error": { params: { status: { default: 503, min: 400, max: 599 } }, main: { key: "status", scale: 1, unit: "HTTP status" } },
  "json-instead-of-ssz": { params: {} },
  truncated: { params: { mode: { default: "short", values: ["short", "close"] } } },
  corrupted: { params: {} },
  "wrong-root": { params: {} },
  huge: {
    params: { bytes: { default: 128 * MiB, min: 1, max: 2 ** 40 }, chunked: { default: false }, block: { default: true } },
    main: { key: "bytes", scale: MiB, unit: "MiB" },
  },
  flapping: { params: { periodMs: { default: 0, min: 0, max: 3_600_000 } }, main: { key: "periodMs", scale: 1, unit: "ms (0 = per request)" } },
  "no-block": { params: {} },
  "json-unless-accept": { params: {} },
  "bad-block": { params: { mode: { default: "garbage", values: ["garbage", "json"] } } },
  "wrong-network": { params: {} },
  "head-state": { params: {} },
  "no-ssz": { params: {} },
};

export function isBehaviourName(name: unknown, chain: DevnetChain = "lean"): name is BehaviourName {
  return typeof name === "string" && (behavioursOf(chain) as readonly string[]).includes(name);
}

function bad(message: string): QuorumpointError {
  return new QuorumpointError("DEVNET_BAD_BEHAVIOUR", message);
}

function checkParam(name: string, key: string, rule: ParamRule, value: unknown): Param {
  if (typeof rule.default === "number") {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < (rule.min ?? 0) || value > (rule.max ?? Infinity)) {
      throw bad(`${name}.${key} must be an integer in [${rule.min ?? 0}, ${rule.max}], got ${JSON.stringify(value)}`);
    }
  } else if (typeof rule.default === "boolean") {
    if (typeof value !== "boolean") throw bad(`${name}.${key} must be true or false, got ${JSON.stringify(value)}`);
  } else if (typeof value !== "string" || !(rule.values ?? []).includes(value)) {
    throw bad(`${name}.${key} must be one of ${(rule.values ?? []).join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as Param;
}

/** A behaviour with every parameter filled and checked. Throws DEVNET_BAD_BEHAVIOUR. */
export function resolveBehaviour(name: string, params: Record<string, unknown> = {}, chain: DevnetChain = "lean"): Behaviour {
  if (!isBehaviourName(name, chain)) {
    throw bad(`unknown ${chain === "beacon" ? "beacon " : ""}behaviour ${JSON.stringify(name)} (known: ${behavioursOf(chain).join(", ")})`);
  }
  const rule = RULES[name];
  const out: Record<string, Param> = {};
  for (const key of Object.keys(params)) {
    if (!(key in rule.params)) {
      const known = Object.keys(rule.params);
      throw bad(`${name} takes ${known.length ? "parameters " + known.join(", ") : "no parameters"}, not ${JSON.stringify(key)}`);
    }
  }
  for (const [key, r] of Object.entries(rule.params)) {
    out[key] = params[key] === undefined ? r.default : checkParam(name, key, r, params[key]);
  }
  return { name, params: out } as Behaviour;
}

/**
 * The parameters a fault spec's `@N` sets (e.g. `slow@1500`, `huge@256` in MiB).
 * Throws DEVNET_BAD_BEHAVIOUR when the behaviour takes no such shorthand.
 */
export function mainParam(name: BehaviourName, n: number): Record<string, unknown> {
  const main = RULES[name].main;
  if (main === undefined) throw bad(`${name} takes no @ parameter`);
  return { [main.key]: n * main.scale };
}

/** One line per behaviour for help texts: `slow@N (N = ms)`. */
export function describeBehaviours(chain: DevnetChain = "lean"): string[] {
  return behavioursOf(chain).map((name) => {
    const main = RULES[name].main;
    return main ? `${name}@N (N = ${main.unit})` : name;
  });
}
