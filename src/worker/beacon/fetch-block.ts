/**
 * The checkpoint's SignedBeaconBlock, for serving beside the state: asked for as SSZ, read
 * from JSON when the node answers JSON anyway (Lodestar 1.5.1 does), and checked against
 * the verified state (root, slot and state_root). Only "no such block" statuses mean none;
 * a block that cannot be read or does not match drops the upstream's vote, as on the lean side.
 */
import { createHash } from "node:crypto";
import type { Agent } from "undici";
import { blockMatchesState, readSignedBeaconBlock, type BeaconTypes } from "../../beacon/index.js";
import type { BeaconNetwork, VerifiedBeaconState } from "../../model/beacon.js";
import { BEACON_BLOCK_MAX_BYTES, beaconBlockPath } from "../../model/beacon-paths.js";
import type { UpstreamErrorCode } from "../../model/errors.js";
import { boundedGet } from "../http-get.js";
import { NOT_SSZ } from "../fetch-state.js";

export type BlockGot =
  | { kind: "block"; bytes: Uint8Array; digest: string; json: unknown; root: string; got: number }
  | { kind: "none"; got: number }
  | { kind: "fail"; code: UpstreamErrorCode; message: string; got: number };

const NO_BLOCK_STATUSES = new Set([404, 405, 501]);

/** What the block code needs of a fork's SignedBeaconBlock type beyond verification. */
interface JsonCapable {
  deserialize(bytes: Uint8Array): unknown;
  serialize(value: unknown): Uint8Array;
  fromJson(json: unknown): unknown;
  toJson(value: unknown): unknown;
}

export async function fetchBeaconBlock(agent: Agent, url: string, signal: AbortSignal, headers: Readonly<Record<string, string>> | undefined,
  v: VerifiedBeaconState, network: BeaconNetwork, types: BeaconTypes): Promise<BlockGot> {
  const r = await boundedGet(agent, url + beaconBlockPath(v.blockRoot), {
    signal, maxBytes: BEACON_BLOCK_MAX_BYTES, accept: "application/octet-stream", collect: true, digest: true, headers,
  });
  if (!r.ok) {
    if (NO_BLOCK_STATUSES.has(r.status)) return { kind: "none", got: r.bytes };
    return { kind: "fail", code: r.code === "too_large" ? "bad_block" : r.code, message: `finalized block: ${r.message}`, got: r.bytes };
  }
  const type = types.ssz[v.fork].SignedBeaconBlock as unknown as JsonCapable;
  let bytes: Uint8Array;
  let json: unknown;
  try {
    const body = r.body ?? new Uint8Array(0);
    if (NOT_SSZ.test(r.contentType)) {
      const value = type.fromJson((JSON.parse(Buffer.from(body).toString("utf8")) as { data?: unknown }).data);
      bytes = type.serialize(value);
      json = type.toJson(value);
    } else {
      bytes = body;
      json = type.toJson(type.deserialize(body));
    }
    const block = readSignedBeaconBlock(bytes, network, types);
    const mismatch = blockMatchesState(block, v);
    if (mismatch !== null) return { kind: "fail", code: "bad_block", message: `finalized block does not match the verified state: ${mismatch}`, got: r.bytes };
    const digest = NOT_SSZ.test(r.contentType) ? sha256(bytes) : r.digest!;
    return { kind: "block", bytes, digest, json, root: block.root, got: r.bytes };
  } catch (e) {
    // Bad SSZ (QuorumpointError), bad JSON or a JSON block the fork's type refuses: all the upstream's.
    return { kind: "fail", code: "bad_block", message: `finalized block is not a SignedBeaconBlock: ${String((e as Error)?.message ?? e).slice(0, 200)}`, got: r.bytes };
  }
}

function sha256(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}
