/**
 * Configurations 3 and 4: quorumpoint's poll path as the daemon wires it (PollPool: a
 * piscina pool of undici workers over the shared slot table and digest cache; Dispatcher:
 * the round loop, cap and deadline). Workers probe the finalized block first and reuse
 * the last result when it is unchanged. The two configurations differ only in their
 * scheduling (shipped.ts): --no-balance, or the lane balancer as the daemon ships it.
 */
import { Dispatcher } from "../../src/round/dispatcher.js";
import { PollPool } from "../../src/round/pool.js";
import type { StateBytes } from "../../src/daemon/state-bytes.js";
import { benchStateBytes } from "./bytes-keeper.js";
import type { LanesSummary } from "../model/protocol.js";
import { scheduling, type Scheduling } from "./shipped.js";
import type { Engine, EngineOptions, EngineRound } from "./types.js";

/** The bench keeps no log; no logger library is loaded for it (naive has none either). */
const SILENT = { error() {}, debug() {} };

export class PoolEngine implements Engine {
  readonly #pool: PollPool;
  readonly #dispatcher: Dispatcher;
  readonly #scheduling: Scheduling;
  readonly #bytes: StateBytes;

  constructor(o: EngineOptions, balance: boolean) {
    const n = o.urls.length;
    this.#pool = new PollPool({ upstreams: n, workers: o.workers, concurrency: o.cap, timeoutMs: o.timeoutMs });
    this.#bytes = benchStateBytes(this.#pool.digestCache);
    this.#scheduling = scheduling({ upstreams: n, concurrency: o.cap, timeoutMs: o.timeoutMs, intervalMs: o.intervalMs, balance });
    this.#dispatcher = new Dispatcher(
      o.urls.map((url, i) => ({ name: `node-${i}`, url })),
      { concurrency: o.cap, timeoutMs: o.timeoutMs, intervalMs: o.intervalMs, maxStateBytes: o.maxStateBytes },
      { pool: this.#pool, scheduler: this.#scheduling.scheduler, logger: SILENT, onStateBytes: (d, b) => this.#bytes.received(d, b) },
    );
  }

  async runRound(): Promise<EngineRound> {
    const report = await this.#dispatcher.runRound();
    this.#scheduling.afterRound?.(report);
    return { startedMs: report.startedMs, outcomes: report.outcomes };
  }

  get learningRounds(): number {
    return this.#scheduling.learningRounds;
  }

  lanes(): LanesSummary {
    return this.#scheduling.lanes();
  }

  async settle(): Promise<void> {
    await this.#dispatcher.drain();
    this.#bytes.reclaim();
  }

  async close(): Promise<void> {
    await this.#dispatcher.drain();
    await this.#pool.destroy();
  }
}
