/** The beacon-API paths a simulated beacon node answers (`{id}` is a state or block id). */
export const BEACON_PATHS = {
  spec: "/eth/v1/config/spec",
  forkSchedule: "/eth/v1/config/fork_schedule",
  depositContract: "/eth/v1/config/deposit_contract",
  genesis: "/eth/v1/beacon/genesis",
  version: "/eth/v1/node/version",
  syncing: "/eth/v1/node/syncing",
  health: "/eth/v1/node/health",
  /** What checkpoint syncing clients and checkpointz download. */
  finalizedState: "/eth/v2/debug/beacon/states/finalized",
  finalityCheckpoints: (id: string | number): string => `/eth/v1/beacon/states/${id}/finality_checkpoints`,
  header: (id: string | number): string => `/eth/v1/beacon/headers/${id}`,
  blockRoot: (id: string | number): string => `/eth/v1/beacon/blocks/${id}/root`,
  block: (id: string | number): string => `/eth/v2/beacon/blocks/${id}`,
  state: (id: string | number): string => `/eth/v2/debug/beacon/states/${id}`,
  /** The phase0 form of the state path. */
  stateV1: (id: string | number): string => `/eth/v1/debug/beacon/states/${id}`,
} as const;
