/** When an upstream's poll slot was taken and given back in a round, as the slot table recorded it (0: never). */
export interface SlotHold {
  dispatchedMs: number;
  /** When the poll gave its slot back before it ended (0: it held it to the end). */
  releasedMs: number;
  endedMs: number;
  ended: boolean;
}
