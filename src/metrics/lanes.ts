/**
 * The balancer's metrics, sampled from its view at scrape time. The `lane` label is the
 * lane's position in the table (0 = first rule), not its id: ids grow with every split,
 * positions stay within max lanes + 1, so the label set stays closed.
 */
import { Counter, Gauge } from "prom-client";
import type { Registry } from "prom-client";
import type { BalancerView } from "../balance/index.js";

const P = "quorumpoint_balance_";

export function createLaneMetrics(registry: Registry, view?: () => BalancerView) {
  const registers = [registry];
  const seen = { splits: 0, collapses: 0 };
  /** Counters mirror the balancer's own running totals: add what they gained since the last scrape. */
  const mirror = (c: Counter, key: keyof typeof seen) => {
    const now = view?.().counters[key] ?? seen[key];
    if (now > seen[key]) c.inc(now - seen[key]);
    seen[key] = Math.max(seen[key], now);
  };
  return {
    lanes: new Gauge({ name: `${P}lanes`, help: "Lanes in the table now", registers, collect() { this.set(view?.().lanes.length ?? 0); } }),
    laneLoad: new Gauge({
      name: `${P}lane_load_seconds`, help: "Slot time the lane's upstreams held over the balance window", labelNames: ["lane"], registers,
      collect() {
        this.reset();
        for (const [i, l] of (view?.().lanes ?? []).entries()) this.set({ lane: String(i) }, l.loadMs / 1000);
      },
    }),
    laneShare: new Gauge({
      name: `${P}lane_slots`, help: "Poll slots the lane is owed", labelNames: ["lane"], registers,
      collect() {
        this.reset();
        for (const [i, l] of (view?.().lanes ?? []).entries()) this.set({ lane: String(i) }, l.share);
      },
    }),
    splits: new Counter({ name: `${P}splits_total`, help: "Lanes split", registers, collect() { mirror(this, "splits"); } }),
    collapses: new Counter({ name: `${P}collapses_total`, help: "Lanes collapsed", registers, collect() { mirror(this, "collapses"); } }),
  };
}
