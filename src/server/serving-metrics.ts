/**
 * The HTTP server's own bounds, counted on the daemon's registry (quorumpoint_ prefix):
 * connections open and refused, readers cut by the send timeout, superseded states held
 * by downloads and the requests that could not get one. A no-op without metrics (tests).
 */
import { Counter, Gauge } from "prom-client";
import type { Registry } from "prom-client";
import type { RefusedReason } from "./connection-guard.js";

export type SupersededOutcome = "served_current" | "unavailable";

export interface ServingMetrics {
  refused(reason: RefusedReason): void;
  sendTimeout(): void;
  supersededRefused(outcome: SupersededOutcome): void;
}

export interface ServingSources {
  open(): number;
  superseded(): number;
}

const NONE: ServingMetrics = { refused: () => {}, sendTimeout: () => {}, supersededRefused: () => {} };

export function servingMetrics(registry: Registry | null, sources: ServingSources): ServingMetrics {
  if (registry === null) return NONE;
  const registers = [registry];
  // One registry may see a second server (tests): reuse what is there.
  const once = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
  once("quorumpoint_http_connections_open", () => new Gauge({
    name: "quorumpoint_http_connections_open", help: "Open admitted HTTP connections", registers,
    collect() { this.set(sources.open()); },
  }));
  const refused = once("quorumpoint_http_connections_refused_total", () => new Counter({
    name: "quorumpoint_http_connections_refused_total", help: "Connections answered 503 and closed at admission (--max-connections, --max-connections-per-address)",
    labelNames: ["reason"] as const, registers,
  }));
  const sendTimeouts = once("quorumpoint_http_send_timeouts_total", () => new Counter({
    name: "quorumpoint_http_send_timeouts_total", help: "Connections closed for reading slower than --send-min-bytes-per-s over --send-window-ms", registers,
  }));
  once("quorumpoint_api_superseded_downloads", () => new Gauge({
    name: "quorumpoint_api_superseded_downloads", help: "Distinct superseded states kept alive by downloads in progress (at most --max-pinned-superseded)", registers,
    collect() { this.set(sources.superseded()); },
  }));
  const superseded = once("quorumpoint_api_superseded_refused_total", () => new Counter({
    name: "quorumpoint_api_superseded_refused_total",
    help: "State requests for a superseded state past --max-pinned-superseded: served the current one (pair pin) or 503 (by slot)",
    labelNames: ["outcome"] as const, registers,
  }));
  return {
    refused: (reason) => refused.inc({ reason }),
    sendTimeout: () => sendTimeouts.inc(),
    supersededRefused: (outcome) => superseded.inc({ outcome }),
  };
}
