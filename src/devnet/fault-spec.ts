/**
 * Fault specs: the short text that says how many devnet nodes misbehave and how.
 *
 *   spec  := "" | item ("," item)*
 *   item  := behaviour [":" count] ["@" N]
 *
 * `count` (default 1) is how many nodes take the behaviour; `@N` sets its main parameter
 * (slow@1500 = 1500 ms, http-error@404, lagging@3 checkpoints, huge@256 MiB, forked@2 =
 * fork number 2, trickle@50 = 50 ms between chunks, flapping@1000 = 1 s phases).
 * Example: `blackhole:3,slow:2@1500,forked:1`.
 *
 * Faults go to the LAST nodes, in the order written, so node 0 stays healthy whenever
 * some node does: 8 nodes with `blackhole:2,slow:1` are 0-4 healthy, 5-6 blackhole, 7 slow.
 */
import { ConfigError, QuorumpointError } from "../model/errors.js";
import { behavioursOf, isBehaviourName, mainParam, resolveBehaviour } from "./behaviours.js";
import type { Behaviour, DevnetChain } from "./behaviours.js";

export interface FaultEntry {
  behaviour: Behaviour;
  count: number;
}

const ITEM_RE = /^([a-z-]+)(?::(\d+))?(?:@(\d+(?:\.\d+)?))?$/;
const rule = (chain: DevnetChain): string => `behaviour[:count][@N] (behaviours: ${behavioursOf(chain).join(", ")})`;

/**
 * Parse a fault spec for a devnet of `chain`. Throws ConfigError naming `setting`, the spec
 * and the broken rule.
 */
export function parseFaultSpec(spec: string, setting = "devnet-faults", chain: DevnetChain = "lean"): FaultEntry[] {
  const text = spec.trim();
  if (text === "") return [];
  return text.split(",").map((raw) => {
    const item = raw.trim();
    const m = ITEM_RE.exec(item);
    if (m === null) throw new ConfigError(setting, spec, `item ${JSON.stringify(item)} must be ${rule(chain)}`);
    const [, name, countText, paramText] = m;
    if (!isBehaviourName(name, chain)) {
      throw new ConfigError(setting, spec, `unknown behaviour ${JSON.stringify(name)} (known: ${behavioursOf(chain).join(", ")})`);
    }
    const count = countText === undefined ? 1 : Number(countText);
    if (count < 1) throw new ConfigError(setting, spec, `count of ${name} must be at least 1`);
    try {
      const params = paramText === undefined ? {} : mainParam(name, Number(paramText));
      return { behaviour: resolveBehaviour(name, params, chain), count };
    } catch (e) {
      if (e instanceof QuorumpointError && e.code === "DEVNET_BAD_BEHAVIOUR") throw new ConfigError(setting, spec, e.message);
      throw e;
    }
  });
}

/** One behaviour per node: healthy, then the faults on the last nodes (see the file comment). */
export function assignFaults(entries: readonly FaultEntry[], nodes: number, setting = "devnet-faults", spec?: string): Behaviour[] {
  const faults = entries.flatMap((e) => Array.from({ length: e.count }, () => e.behaviour));
  if (faults.length > nodes) {
    throw new ConfigError(setting, spec ?? faults.length, `asks for ${faults.length} faulty nodes but the devnet has ${nodes}`);
  }
  const healthy = Array.from({ length: nodes - faults.length }, (): Behaviour => resolveBehaviour("healthy"));
  return [...healthy, ...faults];
}
