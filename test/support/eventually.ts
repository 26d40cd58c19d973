/**
 * `eventually(fn, { timeoutMs })`: wait, with a deadline, for something to become true.
 *
 * The contract: `fn` (sync or async) is called at once, then again `intervalMs` after each
 * call ends, until it returns (or resolves to) a truthy value; that value is the result.
 * A falsy value, a throw or a rejection all mean "not yet". Calls never overlap. Once
 * `timeoutMs` have passed since the start, `eventually` rejects with an Error that says
 * what was awaited (`message`), how long and how many calls, and the last falsy value or
 * the last error (also kept as the Error's `cause`). A call still running at the deadline
 * is not waited for, so a hung `fn` fails the wait too.
 *
 * `message` may be a function: it is called only on failure, to describe the state then
 * (e.g. `() => \`3 rounds; saw ${rounds.length}\``), which says more than a last `false`.
 *
 * For a wait that should prove something does NOT happen, this is the wrong tool: sleep
 * the interval and assert, with a comment saying why the time must pass.
 */
import { inspect } from "node:util";

export interface EventuallyOptions {
  /** The deadline, from the call of `eventually`. */
  timeoutMs: number;
  /** The pause after each unsuccessful call; 20 ms unless told. */
  intervalMs?: number;
  /** What is awaited, for the failure message; a function is called only on failure. */
  message?: string | (() => string);
}

/** What a passing call can return: any value but the falsy ones. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;

type Outcome<T> = { kind: "value"; value: T } | { kind: "error"; error: unknown } | { kind: "pending" };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The outcome of `p`, or "pending" if it has not settled within `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Outcome<T>>((r) => (timer = setTimeout(() => r({ kind: "pending" }), ms)));
  const settled = p.then((value): Outcome<T> => ({ kind: "value", value }), (error: unknown): Outcome<T> => ({ kind: "error", error }));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

function describeLast(o: Outcome<unknown> | null): string {
  if (o === null || o.kind === "pending") return "no call ended";
  if (o.kind === "value") return `last value: ${clip(inspect(o.value, { depth: 4, breakLength: Infinity }))}`;
  const e = o.error;
  return `last error: ${clip(e instanceof Error ? `${e.name}: ${e.message}` : inspect(e, { depth: 4, breakLength: Infinity }))}`;
}

const clip = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s);

export async function eventually<T>(fn: () => T, { timeoutMs, intervalMs = 20, message }: EventuallyOptions): Promise<Truthy<Awaited<T>>> {
  const start = Date.now();
  const deadline = start + timeoutMs;
  let calls = 0;
  let last: Outcome<Awaited<T>> | null = null;
  for (;;) {
    calls++;
    // Through a promise, so a synchronous throw is an outcome like a rejection.
    const outcome = await within<Awaited<T>>(Promise.resolve().then(fn) as Promise<Awaited<T>>, Math.max(0, deadline - Date.now()));
    if (outcome.kind === "value" && outcome.value) return outcome.value as Truthy<Awaited<T>>;
    // A call cut off at the deadline says less than the one before it: report both.
    const pendingNote = outcome.kind === "pending" ? "; the last call was still running at the deadline" : "";
    if (outcome.kind !== "pending") last = outcome;
    const left = deadline - Date.now();
    if (left <= 0 || outcome.kind === "pending") {
      const what = typeof message === "function" ? message() : (message ?? "condition");
      throw new Error(`eventually: ${what} not met within ${timeoutMs} ms (${calls} calls, ${Date.now() - start} ms); ${describeLast(last)}${pendingNote}`,
        last?.kind === "error" ? { cause: last.error } : undefined);
    }
    await sleep(Math.min(intervalMs, left));
  }
}
