/**
 * The order in which one round's polls take free slots. The dispatcher owns the slot cap;
 * a scheduler only answers "which upstream next". The balancer's lane scheduler
 * (balance/lane-scheduler.ts) gives each lane its fair share; with --no-balance it is one lane.
 */
export interface RoundScheduler {
  /**
   * Start a round with the upstreams free to poll, in configured order. `firstContacts`:
   * those whose poll this round is a first contact (nothing known of them yet); a scheduler
   * may start them after the others, so a crowd of them cannot take every slot from
   * upstreams already seen healthy.
   */
  beginRound(upstreams: readonly number[], firstContacts?: ReadonlySet<number>): void;
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
