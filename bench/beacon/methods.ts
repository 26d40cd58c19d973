/** The ways the beacon bench computes a state's digest, and what one measuring process reports. */
export const METHODS = ["quorumpoint", "lodestar", "sha256"] as const;
export type Method = (typeof METHODS)[number];

export interface ChildResult {
  method: Method;
  timesS: number[];
  /** RSS once the state's bytes are read, before the first run. */
  rssBeforeBytes: number;
  /** The process's peak RSS then, and at the end (getrusage maxrss). */
  peakBeforeBytes: number;
  peakRssBytes: number;
  root: string;
}
