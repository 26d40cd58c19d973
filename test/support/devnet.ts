/**
 * Devnet helpers for tests, the bench and later issues: a devnet in a few lines.
 *
 *   const dn = await startTestDevnet({ nodes: 8, faults: "blackhole:2" });
 *   t.after(() => dn.close());
 *   await fetch(nodeUrl(dn, 0, "state"));
 *   await dn.control.setBehaviour(3, "blackhole");
 *   const x = await dn.control.advanceFinality(); // x.finalized, x.stateRoot
 *
 * Test devnets are deterministic: the finality clock is paused (only advanceFinality()
 * moves it) and states are small unless asked otherwise.
 */
import { startDevnet, LEAN_PATHS } from "../../src/devnet/index.js";
import type { DevnetHandle, DevnetOptions } from "../../src/devnet/index.js";

export { startDevnet, LEAN_PATHS };
export type { DevnetHandle, DevnetOptions };
export type { ExpectedCheckpoint, NodeInfo, BehaviourName } from "../../src/devnet/index.js";

/** State size of test devnets: ~50 KiB, enough for every list to be non-trivial. */
export const TEST_STATE_MB = 0.05;

/** startDevnet with test defaults: paused clock, ephemeral ports, small states. */
export function startTestDevnet(options: Partial<DevnetOptions> = {}): Promise<DevnetHandle> {
  return startDevnet({ nodes: 4, stateMb: TEST_STATE_MB, clock: "paused", portBase: 0, ...options });
}

/** Full URL of one of a node's lean API paths. */
export function nodeUrl(dn: DevnetHandle, node: number, path: keyof typeof LEAN_PATHS): string {
  return dn.urls[node] + LEAN_PATHS[path];
}
