/**
 * The small JSON answers a poll reads before it downloads anything: where finality is
 * (`/eth/v1/beacon/states/{id}/finality_checkpoints`) and a block's header
 * (`/eth/v1/beacon/headers/{id}`). Strict on hex and integers (json-fields.ts).
 */
import type { BeaconFinality, BeaconHeaderInfo } from "../model/beacon.js";
import { AnswerReader } from "./json-fields.js";

export function parseFinalityCheckpoints(body: unknown): BeaconFinality {
  const r = new AnswerReader("VERIFY_BAD_FINALITY", "finality_checkpoints");
  const data = r.data(body);
  return {
    previousJustified: r.checkpoint(data.previous_justified, "data.previous_justified"),
    currentJustified: r.checkpoint(data.current_justified, "data.current_justified"),
    finalized: r.checkpoint(data.finalized, "data.finalized"),
  };
}

export function parseBeaconHeader(body: unknown): BeaconHeaderInfo {
  const r = new AnswerReader("VERIFY_BAD_HEADER", "headers");
  const data = r.data(body);
  const header = r.object(data.header, "data.header");
  const m = r.object(header.message, "data.header.message");
  return {
    root: r.root(data.root, "data.root"),
    canonical: r.boolean(data.canonical, "data.canonical"),
    slot: r.uint(m.slot, "data.header.message.slot"),
    proposerIndex: r.uint(m.proposer_index, "data.header.message.proposer_index"),
    parentRoot: r.root(m.parent_root, "data.header.message.parent_root"),
    stateRoot: r.root(m.state_root, "data.header.message.state_root"),
    bodyRoot: r.root(m.body_root, "data.header.message.body_root"),
    signature: r.hex(header.signature, 96, "data.header.signature"),
  };
}
