/**
 * One container's root hashed by several threads at once, from a body in a
 * SharedArrayBuffer, while its bytes arrive or once they are all in.
 *
 * The thread that receives the body (the requester) plans the units as soon as the fixed
 * part is in (split-plan.ts) and announces the job: the shared body, a small control
 * buffer, the units. Any thread that hears it (a helper) claims the next unit whose bytes
 * have all arrived, hashes it, writes its root into the control buffer and claims again.
 * Claims are one compare-and-swap on a counter, so every unit is hashed exactly once,
 * whoever is free takes the next one, and nobody ever waits for a thread that has not
 * started: the requester hashes whatever is left itself and waits only for units already
 * being hashed. With no helper at all it keeps up alone, one unit behind the bytes. Nothing
 * blocks a thread: waits are Atomics.waitAsync, and every unit ends with a yield to the
 * event loop, so the sockets of a worker's other polls keep flowing.
 */
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { QuorumpointError } from "../model/errors.js";
import { CHUNK } from "./chunks.js";
import { type ContainerDescription, planContainer } from "./container-root.js";
import { DEFAULT_UNIT_DEPTHS, hashUnit, joinSplit, planSplit, type SplitPlan, type SplitUnit, type UnitDepths, wholeFieldRoots } from "./split-plan.js";

/** What a requester announces; plain data and shared buffers, so it crosses threads by structured clone. */
export interface SplitJob {
  kind: "quorumpoint.split-root";
  what: string;
  body: SharedArrayBuffer;
  bodyOffset: number;
  bodyLength: number;
  control: SharedArrayBuffer;
  units: SplitUnit[];
}

export function isSplitJob(m: unknown): m is SplitJob {
  return typeof m === "object" && m !== null && (m as { kind?: unknown }).kind === "quorumpoint.split-root";
}

/** Int32 words of the control buffer, then one word per unit, then 32 bytes of root per unit. */
const NEXT = 0; // the next unit to claim
const ARRIVED = 1; // units whose bytes are all in
const STOP = 2; // 1: the job is over, helpers leave
const HELPERS = 3; // helpers that joined
const HELPED = 4; // units hashed by helpers
const HEADER_WORDS = 8;
const PENDING = 0;
const DONE = 1;
const FAILED = 2;

const NOT_YET = -1;
const EXHAUSTED = -2;

/** A helper leaves after this long without a unit arriving; the requester hashes what is left. */
const HELPER_IDLE_MS = 10_000;

class JobControl {
  readonly i32: Int32Array;
  readonly roots: Uint8Array;
  readonly units: number;

  constructor(buffer: SharedArrayBuffer, units: number) {
    this.units = units;
    this.i32 = new Int32Array(buffer);
    this.roots = new Uint8Array(buffer, JobControl.rootsAt(units), units * CHUNK);
  }

  static rootsAt(units: number): number {
    return Math.ceil(((HEADER_WORDS + units) * 4) / CHUNK) * CHUNK;
  }

  static create(units: number): SharedArrayBuffer {
    return new SharedArrayBuffer(JobControl.rootsAt(units) + units * CHUNK);
  }

  /** A unit whose bytes are in and nobody took, now ours; or NOT_YET, or EXHAUSTED. */
  claim(): number {
    for (;;) {
      const i = Atomics.load(this.i32, NEXT);
      if (i >= this.units) return EXHAUSTED;
      if (i >= Atomics.load(this.i32, ARRIVED)) return NOT_YET;
      if (Atomics.compareExchange(this.i32, NEXT, i, i + 1) === i) return i;
    }
  }

  /** Hash unit i and publish its root (or its failure: the requester hashes it again to name the fault). */
  run(i: number, unit: SplitUnit, body: Uint8Array): void {
    let state = DONE;
    try {
      this.roots.set(hashUnit(body, unit), i * CHUNK);
    } catch {
      state = FAILED;
    }
    Atomics.store(this.i32, HEADER_WORDS + i, state);
    Atomics.notify(this.i32, HEADER_WORDS + i);
  }

  state(i: number): number {
    return Atomics.load(this.i32, HEADER_WORDS + i);
  }

  arrived(n: number): void {
    Atomics.store(this.i32, ARRIVED, n);
    Atomics.notify(this.i32, ARRIVED);
  }

  stop(): void {
    Atomics.store(this.i32, STOP, 1);
    Atomics.notify(this.i32, ARRIVED);
  }

  get stopped(): boolean {
    return Atomics.load(this.i32, STOP) === 1;
  }
}

/** Resolves when the word at `index` is no longer `value`, or after `ms`. */
async function waitChange(i32: Int32Array, index: number, value: number, ms: number): Promise<"ok" | "not-equal" | "timed-out"> {
  return Atomics.waitAsync(i32, index, value, ms).value;
}

export interface SharedRootStats {
  units: number;
  helpers: number;
  /** Units hashed by helpers, not by the requester. */
  helped: number;
}

/** The requester's side of one job. */
export class SharedContainerRoot {
  readonly #type: ContainerDescription;
  readonly #body: Uint8Array;
  readonly #what: string;
  readonly #announce: ((job: SplitJob) => void) | null;
  readonly #depths: UnitDepths;
  readonly #fixedEnd: number;
  #plan: SplitPlan | null = null;
  #control: JobControl | null = null;
  #error: unknown = null;
  #received = 0;
  #arrived = 0;

  /**
   * `body` is the whole body's buffer (a SharedArrayBuffer when helpers are to read it),
   * filled in order; `announce` tells the helpers (null: this thread hashes alone).
   */
  constructor(type: ContainerDescription, body: Uint8Array, what: string, announce: ((job: SplitJob) => void) | null, depths: UnitDepths = DEFAULT_UNIT_DEPTHS) {
    this.#type = type;
    this.#body = body;
    this.#what = what;
    this.#announce = body.buffer instanceof SharedArrayBuffer ? announce : null;
    this.#depths = depths;
    this.#fixedEnd = planContainer(type).fixedEnd;
  }

  /** Bytes [0, n) of the body are in. */
  received(n: number): void {
    this.#received = n;
    if (this.#error !== null) return;
    if (this.#plan === null) {
      if (n < this.#fixedEnd) return;
      try {
        this.#start();
      } catch (e) {
        this.#error = e;
        return;
      }
    }
    const units = this.#plan!.units;
    const control = this.#control!;
    let arrived = this.#arrived;
    while (arrived < units.length && units[arrived]!.end <= n) arrived++;
    if (arrived === this.#arrived) return;
    this.#arrived = arrived;
    control.arrived(arrived);
    // Keep up when no helper does: hash while two or more arrived units wait.
    while (arrived - Atomics.load(control.i32, NEXT) >= 2) {
      const i = control.claim();
      if (i < 0) break;
      control.run(i, units[i]!, this.#body);
    }
  }

  #start(): void {
    const plan = planSplit(this.#body, this.#type, this.#what, this.#depths);
    const buffer = JobControl.create(plan.units.length);
    this.#plan = plan;
    this.#control = new JobControl(buffer, plan.units.length);
    if (this.#announce === null || plan.units.length < 2) return;
    const b = this.#body;
    this.#announce({ kind: "quorumpoint.split-root", what: this.#what, body: b.buffer as SharedArrayBuffer, bodyOffset: b.byteOffset, bodyLength: b.byteLength, control: buffer, units: plan.units });
  }

  /**
   * The root, once every byte was received: hash the units nobody took, the fields too
   * small to cut, wait for the units helpers are hashing, join. Throws the SSZ_* error the
   * bytes deserve; INTERNAL_MERKLE when fewer bytes arrived than the body holds, or when
   * `signal` ends the wait.
   */
  async finish(signal?: AbortSignal): Promise<Uint8Array> {
    try {
      if (this.#received !== this.#body.length) {
        throw new QuorumpointError("INTERNAL_MERKLE", `${this.#what}: ${this.#received} of ${this.#body.length} bytes received`);
      }
      if (this.#plan === null && this.#error === null) {
        try {
          this.#start(); // a body shorter than its fixed part: the plan names the fault
        } catch (e) {
          this.#error = e;
        }
      }
      if (this.#error !== null) throw this.#error;
      const plan = this.#plan!;
      const control = this.#control!;
      control.arrived(plan.units.length);
      for (let i = control.claim(); i >= 0; i = control.claim()) {
        control.run(i, plan.units[i]!, this.#body);
        await yieldToLoop();
      }
      const whole = wholeFieldRoots(this.#body, this.#type, plan);
      for (let i = 0; i < plan.units.length; i++) {
        while (control.state(i) === PENDING) {
          if (signal?.aborted) throw new QuorumpointError("INTERNAL_MERKLE", `${this.#what}: gave up waiting for a helper's unit`);
          await waitChange(control.i32, HEADER_WORDS + i, PENDING, 100);
        }
        // Hashed again here, so the error names the fault.
        if (control.state(i) === FAILED) hashUnit(this.#body, plan.units[i]!);
      }
      return joinSplit(plan, whole, (i) => control.roots.subarray(i * CHUNK, (i + 1) * CHUNK));
    } finally {
      this.close();
    }
  }

  /** The job is over (finished, or the body will not come): helpers leave. Idempotent. */
  close(): void {
    this.#control?.stop();
  }

  get stats(): SharedRootStats {
    const c = this.#control;
    if (c === null) return { units: 0, helpers: 0, helped: 0 };
    return { units: c.units, helpers: Atomics.load(c.i32, HELPERS), helped: Atomics.load(c.i32, HELPED) };
  }
}

/**
 * A helper's side: claim and hash units until none is left, the job stops, or no unit
 * arrives for a while. Returns the units it hashed.
 */
export async function helpSplitJob(job: SplitJob): Promise<number> {
  const control = new JobControl(job.control, job.units.length);
  const body = new Uint8Array(job.body, job.bodyOffset, job.bodyLength);
  Atomics.add(control.i32, HELPERS, 1);
  let hashed = 0;
  let idleSince = Date.now();
  while (!control.stopped) {
    const seen = Atomics.load(control.i32, ARRIVED);
    const i = control.claim();
    if (i === EXHAUSTED) break;
    if (i === NOT_YET) {
      if (Date.now() - idleSince > HELPER_IDLE_MS) break;
      await waitChange(control.i32, ARRIVED, seen, 1000);
      continue;
    }
    control.run(i, job.units[i]!, body);
    Atomics.add(control.i32, HELPED, 1);
    hashed++;
    idleSince = Date.now();
    await yieldToLoop();
  }
  return hashed;
}
