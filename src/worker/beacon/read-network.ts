/**
 * An upstream's own description of its network: spec, genesis and (optional) deposit
 * contract. Compared with the network the upstreams agree on, when known: a node of
 * another network is `wrong_network`, whatever else it serves.
 */
import type { Agent } from "undici";
import { networkMismatch, parseBeaconNetwork } from "../../beacon/index.js";
import type { BeaconNetworkView } from "../../model/beacon.js";
import { BEACON_DEPOSIT_CONTRACT, BEACON_GENESIS, BEACON_SPEC } from "../../model/beacon-paths.js";
import { QuorumpointError, type UpstreamErrorCode } from "../../model/errors.js";
import { getJson } from "./get-json.js";

export type NetworkRead = { ok: true; view: BeaconNetworkView; bytes: number } | { ok: false; code: UpstreamErrorCode; message: string; bytes: number };

export async function readNetwork(agent: Agent, url: string, signal: AbortSignal, headers: Readonly<Record<string, string>> | undefined,
  agreed: BeaconNetworkView | null): Promise<NetworkRead> {
  const [spec, genesis, deposit] = await Promise.all([
    getJson(agent, url + BEACON_SPEC, signal, headers),
    getJson(agent, url + BEACON_GENESIS, signal, headers),
    getJson(agent, url + BEACON_DEPOSIT_CONTRACT, signal, headers),
  ]);
  const bytes = spec.bytes + genesis.bytes + deposit.bytes;
  if (!spec.ok) return { ...spec, message: `spec: ${spec.message}`, bytes };
  if (!genesis.ok) return { ...genesis, message: `genesis: ${genesis.message}`, bytes };
  let view: BeaconNetworkView;
  try {
    view = { network: parseBeaconNetwork(spec.value, genesis.value), spec: specData(spec.value), depositContract: depositOf(deposit.ok ? deposit.value : null) };
  } catch (e) {
    if (e instanceof QuorumpointError) return { ok: false, code: "protocol", message: e.message, bytes };
    throw e;
  }
  const differs = agreed === null ? null : networkMismatch(agreed.network, view.network);
  if (differs !== null) return { ok: false, code: "wrong_network", message: `another network than the upstreams agree on: ${differs}`, bytes };
  return { ok: true, view, bytes };
}

/** The spec's `data`, kept as the strings it holds (served back as is). */
function specData(body: unknown): Record<string, string> {
  const data = (body as { data?: unknown })?.data;
  const out: Record<string, string> = {};
  if (data !== null && typeof data === "object") for (const [k, v] of Object.entries(data)) if (typeof v === "string") out[k] = v;
  return out;
}

function depositOf(body: unknown): BeaconNetworkView["depositContract"] {
  const d = (body as { data?: { chain_id?: unknown; address?: unknown } } | null)?.data;
  return typeof d?.chain_id === "string" && typeof d.address === "string" ? { chain_id: d.chain_id, address: d.address } : null;
}
