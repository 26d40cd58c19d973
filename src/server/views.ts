/**
 * The JSON views of /status and /api/upstreams, built from read-only snapshots. Pure
 * functions of their inputs, so the routes stay thin and the views are unit-testable.
 */
import { forkAtSlot } from "../model/beacon.js";
import { agreeingNeeded, agreeingOf } from "../consensus/index.js";
import type { RoundSummary } from "../round/round-history.js";
import type { UpstreamStatus } from "../round/upstream-status.js";
import { servesAfter, type StoreEntry, type StoreOutcomeKind, type StoreStatus } from "../store/index.js";
import type { ServerDeps } from "./deps.js";

/** A short line for leanpoint's `last_error`: why nothing fresh is confirmed, or null when all is well. */
export function lastErrorOf(status: StoreStatus): string | null {
  if (status.reason === "ok") return null;
  const d = status.lastDecision;
  const rule = d ? `: ${d.rule}` : "";
  switch (status.reason) {
    case "starting":
      return "starting: no round finished yet";
    case "stale":
      return `stale: the served state was not confirmed for stale-after-ms${rule}`;
    case "missing_bytes":
      return `missing_bytes: the agreed state's bytes were not at hand${rule}`;
    case "no_consensus":
      if (status.lastOutcome?.kind === "older-ignored") return `no_consensus: the quorum is for an older slot than the served one${rule}`;
      if (status.lastOutcome?.kind === "conflict-ignored") return `no_consensus: the quorum conflicts with the served finalized state${rule}`;
      return `no_consensus${rule}`;
    case "no_upstreams":
      return `no_upstreams${rule}`;
  }
}

function servedView(e: StoreEntry | null, staleAtMs: number | null, nowMs: number) {
  if (e === null) return null;
  return {
    slot: e.slot, root: e.finalized.root, state_root: e.stateRoot, digest: e.digest, state_slot: e.stateSlot,
    block_sha256: e.block?.digest ?? null, block_size_bytes: e.block?.bytes.byteLength ?? null,
    genesis_time: e.genesisTime, size_bytes: e.size, justified: e.justified, justified_source: e.justifiedSource,
    stored_at_ms: e.storedAtMs, confirmed_at_ms: e.confirmedAtMs, age_ms: Math.max(0, nowMs - e.storedAtMs),
    stale_at_ms: staleAtMs, agreeing: e.agreeing, answering: e.answering, total: e.total, upstreams: e.upstreams, rule: e.rule,
  };
}

function failedRounds(deps: ServerDeps, rounds: readonly RoundSummary[]): number {
  if (deps.failedRounds) return deps.failedRounds();
  return rounds.filter((r) => !servesAfter(r.outcome as StoreOutcomeKind)).length;
}

export function statusView(deps: ServerDeps, nowMs: number) {
  const status = deps.store.status(nowMs);
  const rounds = deps.rounds();
  const ups = deps.upstreams();
  const latest = status.latest;
  const d = status.lastDecision;
  return {
    chain: deps.chain ?? "lean",
    beacon: beaconView(deps, latest?.slot ?? null),
    justified_slot: latest?.justified.slot ?? 0,
    finalized_slot: latest?.slot ?? 0,
    last_updated_ms: status.lastAppliedAtMs ?? 0,
    last_success_ms: latest?.confirmedAtMs ?? 0,
    stale: status.state !== "fresh",
    error_count: failedRounds(deps, rounds),
    last_error: lastErrorOf(status),
    now_ms: nowMs,
    state: status.state,
    reason: ups.length === 0 ? "no_upstreams" : status.reason,
    served: servedView(latest, status.staleAtMs, nowMs),
    quorum: {
      quorum: deps.settings.quorum,
      min_agree: deps.settings.minAgree,
      quorum_of: d?.quorumOf ?? deps.settings.quorumOf,
      needed: d?.needed ?? null,
      more_needed: d === null ? null : Math.max(0, d.needed - agreeingOf(d)),
      decision: d?.kind ?? null,
      reason: d?.kind === "no-quorum" ? d.reason : null,
      outcome: status.lastOutcome?.kind ?? null,
      agreeing: agreeingOf(d),
      answering: d?.answering ?? 0,
      total: d?.total ?? 0,
      rule: d?.rule ?? null,
      groups: d?.groups.length ?? 0,
    },
    upstreams: { total: ups.length, healthy: ups.filter((u) => u.healthy).length },
    last_round: rounds.at(-1) ?? null,
    history: deps.store.history().map((e) => ({ slot: e.slot, root: e.finalized.root, state_root: e.stateRoot })),
    finality_conflicts: {
      total: status.conflicts.total,
      active: status.conflicts.active,
      last: status.conflicts.last && {
        reason: status.conflicts.last.reason, at_ms: status.conflicts.last.atMs, served: status.conflicts.last.served,
        agreed: status.conflicts.last.agreed, recorded_at_served_slot: status.conflicts.last.recordedAtServedSlot,
      },
    },
    settings: {
      poll_interval_ms: deps.settings.pollIntervalMs,
      poll_concurrency: deps.settings.pollConcurrency,
      workers: deps.settings.workers,
      stale_after_ms: deps.settings.staleAfterMs,
    },
  };
}

export function upstreamsView(deps: ServerDeps, nowMs: number) {
  const ups: UpstreamStatus[] = deps.upstreams();
  const status = deps.store.status(nowMs);
  const served = deps.store.current(nowMs)?.entry ?? null;
  const d = status.lastDecision;
  const answering = d?.answering ?? ups.filter((u) => u.healthy).length;
  const { quorum, minAgree, quorumOf } = deps.settings;
  const base = quorumOf === "configured" ? ups.length : answering;
  return {
    upstreams: ups.map((u) => ({ ...u, agrees: served !== null && u.healthy && u.state_digest === served.digest })),
    consensus: {
      total_upstreams: ups.length,
      responding_upstreams: answering,
      consensus_threshold: d?.needed ?? agreeingNeeded(base, quorum, minAgree),
      has_consensus: d?.kind === "agreed" && served !== null,
      agreeing_upstreams: agreeingOf(d),
      quorum,
      min_agree: minAgree,
      quorum_of: quorumOf,
      rule: d?.rule ?? null,
    },
  };
}

/** Beacon chain only: the network agreed on and where the served checkpoint sits in it (null on lean). */
function beaconView(deps: ServerDeps, slot: number | null) {
  if (deps.chain !== "beacon") return null;
  const view = deps.beacon?.() ?? null;
  if (view === null) return { network: null, epoch: null, fork: null };
  const n = view.network;
  return {
    network: { config_name: n.configName, preset: n.preset, genesis_validators_root: n.genesisValidatorsRoot, slots_per_epoch: n.slotsPerEpoch },
    epoch: slot === null ? null : Math.floor(slot / n.slotsPerEpoch),
    fork: slot === null ? null : forkAtSlot(n, slot).fork,
  };
}
