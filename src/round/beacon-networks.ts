/**
 * The beacon network the daemon serves, learnt from its upstreams: each upstream's first
 * poll reads its spec and genesis, and the network a strict majority of the configured
 * upstreams describe becomes the agreed one. From then on every poll verifies against it,
 * and an upstream of another network (genesis, fork schedule, preset) is `wrong_network`.
 */
import { networkMismatch } from "../beacon/network.js";
import type { BeaconNetworkView } from "../model/beacon.js";
import { blockRootAtSlot, readBeaconStateSlot } from "../model/beacon-state-layout.js";
import type { PollOutcome } from "../model/outcome.js";
import type { BeaconTask } from "../model/task.js";

export class BeaconNetworks {
  readonly #views: Array<BeaconNetworkView | null>;
  #agreed: BeaconNetworkView | null = null;

  constructor(upstreams: number) {
    this.#views = Array.from({ length: upstreams }, () => null);
  }

  /** The network agreed on, or null while no strict majority describes one. */
  get agreed(): BeaconNetworkView | null {
    return this.#agreed;
  }

  /** What a poll of `u` needs: the agreed network, and whether to read (again) the upstream's own. */
  taskFor(u: number): BeaconTask {
    const own = this.#views[u] ?? null;
    const differs = own !== null && this.#agreed !== null && networkMismatch(this.#agreed.network, own.network) !== null;
    return { network: this.#agreed, readNetwork: own === null || differs };
  }

  apply(o: PollOutcome): void {
    if (!o.ok || o.network === undefined) return;
    this.#views[o.upstream] = o.network;
    if (this.#agreed === null) this.#agreed = this.#majority();
  }

  #majority(): BeaconNetworkView | null {
    const groups: Array<{ view: BeaconNetworkView; count: number }> = [];
    for (const v of this.#views) {
      if (v === null) continue;
      const g = groups.find((x) => networkMismatch(x.view.network, v.network) === null);
      if (g) g.count++;
      else groups.push({ view: v, count: 1 });
    }
    const best = groups.reduce<{ view: BeaconNetworkView; count: number } | null>((m, g) => (m === null || g.count > m.count ? g : m), null);
    return best !== null && best.count * 2 > this.#views.length ? best.view : null;
  }
}

/**
 * The ancestry read of a verified beacon state (the store's historyRootAt): its
 * block_roots hold the root at each of the last SLOTS_PER_HISTORICAL_ROOT slots (an empty
 * slot repeats the block before it, so a checkpoint's slot holds the checkpoint root).
 * Further back it is "out_of_window": the check is skipped rather than refusing all finality.
 */
export function beaconRootAt(state: Uint8Array, slot: number, networks: BeaconNetworks): string | null | "out_of_window" {
  const n = networks.agreed?.network.slotsPerHistoricalRoot;
  if (n === undefined) return null;
  if (slot < readBeaconStateSlot(state) - n) return "out_of_window";
  return blockRootAtSlot(state, slot, n);
}
