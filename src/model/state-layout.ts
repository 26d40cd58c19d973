/**
 * Byte layout of a lean `State`'s fixed part (SSZ, little-endian): 228 bytes, then the five
 * variable-size lists whose offsets it holds. Shared by the worker's readers (src/lean/) and
 * the main thread's one-field read of the history (src/store/ancestry.ts).
 */
export const STATE_LAYOUT = {
  genesisTime: 0,
  slot: 8,
  header: 16, // slot 16, proposerIndex 24, parentRoot 32, stateRoot 64, bodyRoot 96
  justified: 128, // root 128, slot 160
  finalized: 168, // root 168, slot 200
  // 5 x uint32: historical_block_hashes, justified_slots, validators, justifications_roots, justifications_validators
  offsets: 208,
  fixedSize: 228,
} as const;
