/**
 * The order in which one round's polls take free slots. The dispatcher owns the slot cap;
 * a scheduler only answers "which upstream next". The balancer's lane scheduler
 * (balance/lane-scheduler.ts) gives each lane its fair share; with --no-balance it is one lane.
 */
export interface RoundScheduler {
  /** Start a round with the upstreams free to poll, in configured order. */
  beginRound(upstreams: readonly number[]): void;
  /** The next upstream to dispatch now, or null when none may start. */
  take(): number | null;
  /**
   * The poll of `u` gave its slot back (it ended, or waits on another poll's verification),
   * whichever round it belonged to. Called again when its result arrives; true only when
   * this call freed a slot the scheduler counted.
   */
  release(u: number): boolean;
  /** Upstreams of this round not yet taken. */
  remaining(): number;
  /** Drop what was not taken (the round closed); returns those upstreams. */
  endRound(): number[];
}
