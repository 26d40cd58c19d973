/**
 * A tiny discrete-event simulation of the dispatcher's round loop, driving the real
 * FairDispatch and Balancer with fixed poll costs: what the balancer's devnet integration
 * test does with real upstreams, without sockets or timers.
 *
 * Round r starts at r x deadlineMs (the next round begins at the deadline). A poll started
 * at t ends at t + cost; one still running at the deadline is abandoned: it counts as load
 * up to the deadline and keeps its slot until it really ends, into the next round.
 */
import { Balancer, FairDispatch } from "../../../src/balance/index.js";
import type { BalancerOptions, Decision } from "../../../src/balance/index.js";

export interface RoundResult {
  round: number;
  /** Upstreams whose poll started and ended within this round's deadline. */
  completed: Set<number>;
  decision: Decision;
  tableVersion: number;
}

export class Sim {
  readonly balancer: Balancer;
  readonly fair: FairDispatch;
  readonly costs: readonly number[];
  readonly deadlineMs: number;
  #round = 0;
  /** Polls in flight: upstream -> [start, end]. */
  #running = new Map<number, { start: number; end: number }>();

  constructor(costs: readonly number[], deadlineMs: number, options: Omit<BalancerOptions, "upstreams" | "roundMs">) {
    this.costs = costs;
    this.deadlineMs = deadlineMs;
    this.balancer = new Balancer({ ...options, upstreams: costs.length, roundMs: deadlineMs });
    this.fair = new FairDispatch(this.balancer.table);
  }

  runRound(): RoundResult {
    const t0 = this.#round * this.deadlineMs;
    const deadline = t0 + this.deadlineMs;
    this.#endUntil(t0, () => {});
    this.fair.setTable(this.balancer.table);
    this.fair.enqueueRound(this.costs.map((_, u) => u));
    const loads = new Float64Array(this.costs.length);
    const startedThisRound = new Map<number, number>();
    const completed = new Set<number>();
    const fill = (t: number) => {
      for (let u = this.fair.take(); u !== null; u = this.fair.take()) {
        this.#running.set(u, { start: t, end: t + this.costs[u] });
        startedThisRound.set(u, t);
      }
    };
    fill(t0);
    for (;;) {
      const next = this.#nextEnd();
      if (next === null || next.end > deadline) break;
      this.#endUntil(next.end, (u, p) => {
        if (startedThisRound.has(u)) {
          completed.add(u);
          loads[u] = p.end - p.start;
        }
      });
      fill(next.end);
    }
    this.fair.abandonQueued();
    for (const [u, start] of startedThisRound) if (!completed.has(u)) loads[u] = deadline - start;

    this.balancer.recordRound(loads);
    const decision = this.balancer.check();
    if (decision.kind === "Split" || decision.kind === "Collapse") this.balancer.apply(decision.proposal);
    this.#round++;
    return { round: this.#round, completed, decision, tableVersion: this.balancer.table.version };
  }

  #nextEnd(): { end: number } | null {
    let best: { end: number } | null = null;
    for (const p of this.#running.values()) if (best === null || p.end < best.end) best = p;
    return best;
  }

  /** Ends (releases) every poll whose end is <= t. */
  #endUntil(t: number, onEnd: (u: number, p: { start: number; end: number }) => void): void {
    for (const [u, p] of [...this.#running]) {
      if (p.end <= t) {
        this.#running.delete(u);
        this.fair.release(u);
        onEnd(u, p);
      }
    }
  }
}
