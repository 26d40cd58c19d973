/** A bounded JSON GET for the beacon API's small answers; upstream faults come back as data. */
import type { Agent } from "undici";
import type { UpstreamErrorCode } from "../../model/errors.js";
import { BEACON_JSON_MAX_BYTES } from "../../model/beacon-paths.js";
import { boundedGet } from "../http-get.js";

export type JsonGot = { ok: true; value: unknown; bytes: number } | { ok: false; code: UpstreamErrorCode; status: number; message: string; bytes: number };

export async function getJson(agent: Agent, url: string, signal: AbortSignal, headers?: Readonly<Record<string, string>>): Promise<JsonGot> {
  const r = await boundedGet(agent, url, { signal, maxBytes: BEACON_JSON_MAX_BYTES, accept: "application/json", collect: true, digest: false, headers });
  if (!r.ok) return r;
  try {
    return { ok: true, value: JSON.parse(Buffer.from(r.body ?? new Uint8Array(0)).toString("utf8")), bytes: r.bytes };
  } catch (e) {
    return { ok: false, code: "protocol", status: r.status, message: `not JSON: ${(e as Error).message.slice(0, 120)}`, bytes: r.bytes };
  }
}
