/**
 * The dispatcher: the main thread's round loop and deadline clock.
 *
 * Each round: take the upstreams whose previous poll has ended, hand them to the pool as
 * slots free up (the slot counter lives in shared memory, awaited with Atomics.waitAsync),
 * close the round at its deadline (deadline.ts), abandon what is still running, and report.
 * Rounds tick at a fixed rate; one that overruns the interval starts the next at once and
 * counts an overrun. The main thread never decodes or hashes a state: workers do.
 *
 * Generation guard: every poll carries its round number. A result is applied only to the
 * round that dispatched it, while that round is open; a poll abandoned in round r that ends
 * during round r+1 changes nothing of r+1 (its state bytes, being content-addressed, are
 * still kept: they are the same bytes whichever round fetched them).
 */
import type { Logger } from "pino";
import { upstreamErrorToInt, type UpstreamErrorCode } from "../model/errors.js";
import { roundBudgetMs } from "./deadline.js";
import type { PollPool } from "./pool.js";
import type { RoundScheduler } from "./scheduler.js";
import type { BeaconTask, PollTask } from "../model/task.js";
import type { PollOutcome, VerifiedState } from "../model/outcome.js";
import { redactUrl, type Upstream } from "../model/upstream.js";
import type { SlotHold } from "../model/slot-hold.js";

export interface DispatcherConfig {
  concurrency: number;
  timeoutMs: number;
  /** Budget of each upstream's first poll (<= timeoutMs): a dead one then costs a round little, and the balancer sees it at once. */
  firstContactMs?: number;
  intervalMs: number;
  maxStateBytes: number;
}

export interface DispatcherModules {
  pool: Pick<PollPool, "slots" | "run">;
  scheduler: RoundScheduler;
  /** Only what the dispatcher logs: the daemon passes its pino logger. */
  logger: Pick<Logger, "error" | "debug">;
  /** A worker verified a state new to the digest cache: its bytes, by digest. */
  onStateBytes?: (digest: string, bytes: Uint8Array) => void;
  /**
   * A result of the open round arrived: the outcomes so far and how many upstreams have
   * none yet (a round may decide before its end: daemon/round-pipeline.ts `onPartial`).
   */
  onResult?: (round: number, outcomes: ReadonlyMap<number, PollOutcome>, outstanding: number) => void;
  /** Beacon chain: what each poll task of upstream `u` carries beyond a lean one (round/beacon-networks.ts). */
  beaconTask?: (u: number) => BeaconTask;
}

export interface RoundReport {
  round: number;
  startedMs: number;
  deadlineMs: number;
  endedMs: number;
  /** One outcome per upstream: polled, abandoned, never dispatched, or still busy. */
  outcomes: PollOutcome[];
  /** Upstreams whose poll was abandoned at this round's deadline (or is still running from an earlier one). */
  abandoned: Set<number>;
  dispatched: number;
  ok: number;
  /** Polls that failed or were abandoned (not counting the upstreams never polled). */
  failed: number;
  /** Never dispatched: no slot came free before the deadline (outcome code `not_polled`, not a failure). */
  notDispatched: number;
  /** Results of earlier rounds' abandoned polls that arrived during this round and were discarded. */
  lateDiscarded: number;
  /** Upstreams this round dispatched. */
  dispatchedUpstreams: number[];
  /** The bound each upstream's poll of this round was given, by index (0 = not dispatched): a first contact's is shorter. */
  pollBoundsMs: number[];
  /** Each upstream's slot record as the round closed: what the balancer's load figure is made of (balance/round-load.ts). */
  holds: SlotHold[];
}

export class Dispatcher {
  readonly #upstreams: readonly Upstream[];
  readonly #cfg: DispatcherConfig;
  readonly #modules: DispatcherModules;
  /**
   * 1 once a poll of the upstream ended having had its whole bound (any result): its later
   * polls get the whole timeout. One cut short by a round deadline proves nothing yet.
   */
  readonly #contacted: Uint8Array;
  /** Each upstream's last poll: its bound and its round's deadline. */
  readonly #bounds: Float64Array;
  readonly #deadlines: Float64Array;
  readonly #last: Array<{ blockDigest: string | null; blockEtag: string | null; state: VerifiedState } | null>;
  /** Polls really running (any round), by upstream. */
  readonly #running = new Map<number, Promise<void>>();
  #round = 0;
  /** The open round's collector, or null between rounds. */
  #open: { generation: number; outcomes: Map<number, PollOutcome> } | null = null;
  #lateDiscarded = 0;
  /** Ends the open round's waits at once (shutdown). */
  #cut: AbortController | null = null;

  constructor(upstreams: readonly Upstream[], cfg: DispatcherConfig, modules: DispatcherModules) {
    this.#upstreams = upstreams;
    this.#cfg = cfg;
    this.#modules = modules;
    this.#last = upstreams.map(() => null);
    this.#contacted = new Uint8Array(upstreams.length);
    this.#bounds = new Float64Array(upstreams.length);
    this.#deadlines = new Float64Array(upstreams.length);
  }

  /** Run one round to its end (all results in, or the deadline). */
  async runRound(): Promise<RoundReport> {
    const { pool, scheduler } = this.#modules;
    const slots = pool.slots;
    const n = this.#upstreams.length;
    const generation = ++this.#round;
    slots.setGeneration(generation);
    const startedMs = Date.now();
    const deadlineMs = startedMs + roundBudgetMs(n, this.#cfg.concurrency, this.#cfg.timeoutMs, this.#cfg.intervalMs);
    const outcomes = new Map<number, PollOutcome>();
    const abandoned = new Set<number>();
    this.#open = { generation, outcomes };
    this.#lateDiscarded = 0;
    const cut = new AbortController();
    this.#cut = cut;

    const free: number[] = [];
    for (let u = 0; u < n; u++) {
      if (slots.isFree(u)) free.push(u);
      else {
        abandoned.add(u);
        outcomes.set(u, this.#failure(u, generation, "abandoned: the poll from an earlier round is still running", startedMs));
      }
    }
    scheduler.beginRound(free, new Set(free.filter((u) => !this.#contacted[u])));
    const mine = new Map<number, Promise<void>>();

    for (;;) {
      this.#forwardReleases();
      while (slots.inFlight() < this.#cfg.concurrency) {
        const u = scheduler.take();
        if (u === null) break;
        mine.set(u, this.#dispatch(u, generation, deadlineMs));
      }
      const left = deadlineMs - Date.now();
      if (scheduler.remaining() === 0 || left <= 0 || cut.signal.aborted) break;
      await slots.waitInFlightChange(slots.inFlight(), Math.min(left, 1000));
    }
    // Everything is dispatched (or the deadline came): wait for the results or the deadline.
    await raceDeadline(Promise.all(mine.values()), deadlineMs, cut.signal);

    const notDispatched = scheduler.endRound();
    for (const u of notDispatched) {
      outcomes.set(u, this.#failure(u, generation, "not polled this round: no poll slot came free before the round deadline", Date.now(), "not_polled"));
    }
    for (const [u, p] of mine) {
      if (outcomes.has(u)) continue;
      if (slots.abandon(u, generation)) {
        abandoned.add(u);
        outcomes.set(u, this.#failure(u, generation, "abandoned at the round deadline", Date.now()));
      } else {
        await p; // the worker finished first: its result is already on its way
      }
    }
    this.#open = null;
    this.#cut = null;
    const endedMs = Date.now();
    const list = Array.from({ length: n }, (_, u) => outcomes.get(u)!);
    const ok = list.filter((o) => o.ok).length;
    return {
      round: generation, startedMs, deadlineMs, endedMs, outcomes: list, abandoned,
      dispatched: mine.size, ok, failed: n - ok - notDispatched.length,
      notDispatched: notDispatched.length,
      lateDiscarded: this.#lateDiscarded,
      dispatchedUpstreams: [...mine.keys()],
      pollBoundsMs: Array.from({ length: n }, (_, u) => (mine.has(u) ? this.#bounds[u]! : 0)),
      holds: Array.from({ length: n }, (_, u) => {
        const { dispatchedMs, releasedMs, endedMs: ended, ended: done } = slots.read(u);
        return { dispatchedMs, releasedMs, endedMs: ended, ended: done };
      }),
    };
  }

  #dispatch(u: number, generation: number, deadlineMs: number): Promise<void> {
    const last = this.#last[u];
    const up = this.#upstreams[u]!;
    const timeoutMs = this.#contacted[u] ? this.#cfg.timeoutMs : Math.min(this.#cfg.timeoutMs, this.#cfg.firstContactMs ?? this.#cfg.timeoutMs);
    this.#bounds[u] = timeoutMs;
    this.#deadlines[u] = deadlineMs;
    const task: PollTask = {
      upstream: u, url: up.url, generation, deadlineMs, timeoutMs,
      maxStateBytes: this.#cfg.maxStateBytes,
      lastBlockDigest: last?.blockDigest ?? null, lastBlockEtag: last?.blockEtag ?? null, lastState: last?.state ?? null,
    };
    if (up.headers) task.headers = up.headers;
    const beacon = this.#modules.beaconTask?.(u);
    if (beacon) task.beacon = beacon;
    this.#modules.pool.slots.dispatch(u, generation, Date.now());
    const p = this.#modules.pool
      .run(task)
      .then(
        (o) => this.#accept(o),
        (err: unknown) => {
          // The worker died under the poll (not an upstream fault): log, and count it failed.
          this.#modules.logger.error({ err, upstream: this.#upstreams[u]!.name }, "poll task failed in the pool");
          // The worker never reached finish(): end the record here so the slot is not lost.
          const slots = this.#modules.pool.slots;
          if (!slots.read(u).ended) slots.finish(u, generation, { nowMs: Date.now(), bytes: 0, httpStatus: 0, errorCode: upstreamErrorToInt("internal") });
          this.#accept(this.#failure(u, generation, redactUrl(`poll task failed: ${(err as Error)?.message ?? err}`), Date.now(), "internal"));
        },
      )
      .finally(() => {
        this.#running.delete(u);
        // Normally the round loop already released it on the worker's wake (#forwardReleases);
        // if this frees a slot the scheduler still counted, the loop may be asleep past it.
        if (this.#modules.scheduler.release(u)) this.#modules.pool.slots.wakeWaiters();
      });
    this.#running.set(u, p);
    return p;
  }

  /**
   * Tell the scheduler of every slot a worker gave back, as soon as its wake reaches the
   * round loop. The wake (the shared IN_FLIGHT counter) and piscina's result message travel
   * apart, and the result may come later: a lane scheduler that waited for it found no slot
   * free and the loop slept on a counter nothing would change again, for up to a second.
   * It also frees the slot of a poll that only waits on another's verification (fetch-state.ts).
   */
  #forwardReleases(): void {
    const slots = this.#modules.pool.slots;
    for (const u of this.#running.keys()) if (slots.released(u)) this.#modules.scheduler.release(u);
  }

  #accept(o: PollOutcome): void {
    const u = o.upstream;
    const cutByDeadline = !o.ok && o.code === "timeout" && this.#deadlines[u]! - o.startedMs < this.#bounds[u]!;
    if (!cutByDeadline) this.#contacted[u] = 1;
    if (o.ok && o.stateBytes) this.#modules.onStateBytes?.(o.state.digest, o.stateBytes);
    const open = this.#open;
    if (!open || open.generation !== o.generation || open.outcomes.has(o.upstream)) {
      this.#lateDiscarded++;
      this.#modules.logger.debug({ upstream: this.#upstreams[o.upstream]!.name, generation: o.generation }, "late poll result discarded");
      return;
    }
    if (o.ok) this.#last[o.upstream] = { blockDigest: o.blockDigest, blockEtag: o.blockEtag, state: o.state };
    if (o.ok && o.stateBytes) delete o.stateBytes; // the bytes went to onStateBytes; outcomes stay small
    open.outcomes.set(o.upstream, o);
    this.#modules.onResult?.(open.generation, open.outcomes, this.#upstreams.length - open.outcomes.size);
  }

  #failure(u: number, generation: number, message: string, nowMs: number, code: UpstreamErrorCode = "timeout"): PollOutcome {
    return { ok: false, upstream: u, generation, code, message, bytes: 0, startedMs: 0, endedMs: nowMs };
  }

  /** Close the open round now, as if its deadline had come (shutdown). */
  cutRound(): void {
    this.#cut?.abort();
    this.#modules.pool.slots.wakeWaiters();
  }

  /** Wait for every running poll to end (each is bounded by its budget). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }
}

function raceDeadline(p: Promise<unknown>, deadlineMs: number, cut: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      cut.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, Math.max(0, deadlineMs - Date.now()));
    cut.addEventListener("abort", done);
    p.then(done);
  });
}
