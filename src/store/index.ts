export { StateStore, RECENT_CHECKPOINTS, resolveStateStoreConfig, servesAfter, finalityConflictOf, DEFAULT_HISTORY } from "./state-store.js";
export { historicalRootAt } from "./ancestry.js";
export { BytesByDigest, DEFAULT_BYTES_CACHE_MAX_ENTRIES, DEFAULT_BYTES_CACHE_MAX_BYTES } from "./bytes-by-digest.js";
export type { RecentCheckpoint } from "./state-store.js";
export type { BytesSource, BytesCacheOptions } from "./bytes-by-digest.js";
export { UpstreamBlocks, NO_BLOCKS } from "./upstream-blocks.js";
export type { HeldBlock, BlockSource } from "./upstream-blocks.js";
export type {
  StateStoreOptions,
  StateStoreConfig,
  StoreEntry,
  StoreOutcome,
  StoreOutcomeKind,
  ServedState,
  Freshness,
  HealthReason,
  StoreStatus,
  FinalityConflict,
} from "./types.js";
