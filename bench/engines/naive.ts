/**
 * Configuration 1, naive: what most people write first. One thread, `Promise.all` over the
 * upstreams with undici; the body is digested, decoded and merkleized on the main thread.
 *
 * To measure threads and scheduling, not a different algorithm, it runs the very same poll
 * (`pollUpstream`: block, state streamed and digested, justified, block-matches-state) with
 * the same digest cache (one merkleization per distinct state), the same cap (a semaphore,
 * FIFO) and the same round deadline. It has no unchanged-state probe: that is part of
 * quorumpoint's design, so naive downloads every state every round (steady rounds
 * included), which is what the steady-state comparison measures.
 */
import { setMaxListeners } from "node:events";
import type { Agent } from "undici";
import { DigestCache } from "../../src/shm/digest-cache.js";
import { createAgent } from "../../src/worker/http-get.js";
import { phasesFor } from "../../src/model/phases.js";
import { pollUpstream } from "../../src/worker/poll-upstream.js";
import { type ChunkReclaimer, pollReclaimer } from "../../src/memory/reclaim.js";
import { benchStateBytes } from "./bytes-keeper.js";
import { cappedRound } from "./capped-round.js";
import type { Engine, EngineOptions, EngineRound } from "./types.js";

export class NaiveEngine implements Engine {
  readonly #o: EngineOptions;
  readonly #agent: Agent;
  readonly #cache = DigestCache.create();
  readonly #bytes = benchStateBytes(this.#cache);
  readonly #shutdown = new AbortController();
  /** Off by default: what most people write first does not run the garbage collector itself. */
  readonly #reclaimer: ChunkReclaimer | null;
  #round = 0;

  constructor(o: EngineOptions) {
    this.#o = o;
    this.#agent = createAgent(phasesFor(o.timeoutMs));
    this.#reclaimer = o.naiveReclaim ? pollReclaimer() : null;
    // Every poll in flight listens on it (up to the cap): not a leak, each poll removes its listener.
    setMaxListeners(0, this.#shutdown.signal);
  }

  async runRound(): Promise<EngineRound> {
    const ctx = { agent: this.#agent, cache: this.#cache, shutdown: this.#shutdown.signal, received: this.#reclaimer?.received };
    // Like the pool's workers, a poll that only waits on another's verification gives its permit back.
    return cappedRound(this.#o, ++this.#round, async (task, releaseSlot) => {
      const out = await pollUpstream(task, { ...ctx, releaseSlot });
      if (out.ok && out.stateBytes) {
        this.#bytes.received(out.state.digest, out.stateBytes);
        delete out.stateBytes;
      }
      return out;
    });
  }

  /** Minor GCs the reclaim ran so far (0 without --naive-reclaim). */
  get reclaims(): number {
    return this.#reclaimer?.collections ?? 0;
  }

  /** Every poll of a round has ended when runRound resolves: only the bytes it dropped are left to free. */
  async settle(): Promise<void> {
    this.#bytes.reclaim();
  }

  async close(): Promise<void> {
    this.#shutdown.abort();
    await this.#agent.destroy();
  }
}
