/**
 * Which stored entry one client gets for a moving id (the served checkpoint): its pinned
 * pair while the pin lasts (pair-pins.ts), unless that would keep one more superseded
 * state alive past --max-pinned-superseded (superseded-downloads.ts), in which case the
 * served entry, to which the client is then pinned afresh so its next request matches.
 */
import type { FastifyRequest } from "fastify";
import type { ServedState, StateStore, StoreEntry } from "../store/index.js";
import type { PairPins } from "./pair-pins.js";
import type { ServingMetrics } from "./serving-metrics.js";
import type { SupersededDownloads } from "./superseded-downloads.js";
import { cacheControl } from "./http-cache.js";

export interface ClientEntryModules {
  pins: PairPins;
  downloads: SupersededDownloads;
  serving: ServingMetrics;
  store: StateStore;
}

/** `holdsState`: the answer streams the entry's state bytes (a block or a JSON answer does not). */
export function entryForClient(m: ClientEntryModules, req: FastifyRequest, served: ServedState, nowMs: number, holdsState: boolean): StoreEntry {
  const entry = m.pins.pick(req.ip, served.entry, m.store, nowMs);
  if (holdsState && req.method === "GET" && !m.downloads.admits(entry, served.entry)) {
    m.serving.supersededRefused("served_current");
    m.pins.repin(req.ip, served.entry, nowMs);
    return served.entry;
  }
  return entry;
}

/**
 * Cache-Control of an answer about a moving id: public for the served entry, at most
 * `maxAgeS` and never past the moment it would stop being served; a pinned older pair is
 * for this client only.
 */
export function movingCacheControl(entry: StoreEntry, served: ServedState, nowMs: number, maxAgeS: number): string {
  if (entry !== served.entry) return "private, no-store";
  return cacheControl(Math.min(maxAgeS, (served.staleAtMs - nowMs) / 1000));
}
