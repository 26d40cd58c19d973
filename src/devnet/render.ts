/**
 * The JSON answers of a devnet node, and the view of the chain a node renders them from.
 */
import { toHex } from "../lean/index.js";
import type { CheckpointJson } from "../model/outcome.js";
import type { Snapshot } from "./chain.js";
import type { CheckpointRef } from "./state-builder.js";

/** What one node sees of the chains: the host points it at its checkpoint. */
export interface NodeView {
  /** The finalized checkpoint's bytes this node serves now. */
  snapshot(): Snapshot;
  /** The node's current justified checkpoint (the one after its finalized one). */
  justified(): CheckpointRef;
  validatorCount: number;
}

export function renderCheckpoint(c: CheckpointRef): CheckpointJson {
  return { slot: c.slot, root: toHex(c.root) };
}

/** A small fork_choice answer: the finalized block is its only node. */
export function renderForkChoice(view: NodeView): unknown {
  const fin = view.snapshot();
  const just = view.justified();
  const finalized = { slot: fin.slot, root: toHex(fin.blockRoot) };
  const justified = renderCheckpoint(just);
  return {
    head: justified,
    justified,
    finalized,
    safe_target: justified,
    validator_count: view.validatorCount,
    nodes: [
      { slot: fin.slot, root: finalized.root, parent_root: toHex(fin.parentRoot), proposer_index: fin.proposerIndex, weight: view.validatorCount },
    ],
  };
}

/** What a client that answers JSON (no Accept: application/octet-stream) sends instead of SSZ. */
export function renderStateJson(s: Snapshot): unknown {
  return {
    slot: s.slot,
    state_root: toHex(s.stateRoot),
    latest_block_root: toHex(s.blockRoot),
    latest_justified: renderCheckpoint(s.stateJustified),
    latest_finalized: renderCheckpoint(s.stateFinalized),
  };
}
