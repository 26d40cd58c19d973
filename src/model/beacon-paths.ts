/** The beacon API paths quorumpoint polls upstream beacon nodes with. */
export const BEACON_SPEC = "/eth/v1/config/spec";
export const BEACON_GENESIS = "/eth/v1/beacon/genesis";
export const BEACON_DEPOSIT_CONTRACT = "/eth/v1/config/deposit_contract";
/** The cheap probe: the node's finality as of its head (what a Lodestar follower asks first). */
export const BEACON_FINALITY = "/eth/v1/beacon/states/head/finality_checkpoints";
/** The checkpoint state by slot, not `finalized`: finality cannot move between the probe and the download. */
export const beaconStatePath = (slot: number): string => `/eth/v2/debug/beacon/states/${slot}`;
export const beaconBlockPath = (root: string): string => `/eth/v2/beacon/blocks/${root}`;
/** A mainnet SignedBeaconBlock is at most a few MB (blobs are not in it). */
export const BEACON_BLOCK_MAX_BYTES = 16 * 1024 * 1024;
/** spec, genesis, finality and deposit-contract answers are a few KB of JSON. */
export const BEACON_JSON_MAX_BYTES = 256 * 1024;
