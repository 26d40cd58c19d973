/**
 * A poll's budget as an AbortSignal that fires after `ms`, or at once when `parent` aborts.
 *
 * Not `AbortSignal.any([AbortSignal.timeout(ms), parent])`: on Node 20 the combined signal
 * holds its timeout source weakly, and once a GC collects it the timeout never fires
 * (measured here: a blackholed request ran to undici's 4.5 s headers timeout instead of the
 * 1 s budget). A controller and a timer we hold ourselves cannot be collected early.
 */
export interface Budget {
  signal: AbortSignal;
  /** Clear the timer and the parent listener; call when the poll ends. */
  dispose(): void;
}

export function budget(ms: number, parent?: AbortSignal): Budget {
  const ac = new AbortController();
  const onParent = () => ac.abort(parent!.reason);
  const timer = setTimeout(() => ac.abort(new DOMException(`budget of ${ms} ms ran out`, "TimeoutError")), Math.max(0, ms));
  if (parent) {
    if (parent.aborted) onParent();
    else parent.addEventListener("abort", onParent, { once: true });
  }
  return {
    signal: ac.signal,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParent);
    },
  };
}
