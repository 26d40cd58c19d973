/** The round's log lines: one at info per round, one per upstream at debug, one when lanes change. */
import type { Logger } from "pino";
import type { UpstreamStatusBook } from "../round/upstream-status.js";
import { finalityConflictOf } from "../store/index.js";
import type { RoundEvent } from "./round-pipeline.js";

export function roundLogger(logger: Logger, book: UpstreamStatusBook): (e: RoundEvent) => void {
  return ({ report, overrun, decision, outcome, lane, summary }) => {
    const conflict = finalityConflictOf(outcome);
    if (conflict !== undefined) {
      const what = outcome.kind === "served-new" ? "served anyway (--allow-finality-reorg)" : "refused; the previous checkpoint stays served until stale";
      logger.error({ round: report.round, conflict }, `finality conflict: the quorum's checkpoint does not extend the served one (${conflict.reason}), ${what}`);
    }
    if (lane.kind === "Split" || lane.kind === "Collapse") {
      logger.info({ round: report.round, action: lane.kind, change: lane.proposal.change, reason: lane.reason }, "lanes changed");
    }
    logger.info(
      {
        round: report.round, polled: report.dispatched, ok: report.ok, failed: report.failed,
        abandoned: report.abandoned.size, notDispatched: report.notDispatched, wallMs: summary.wallMs,
        quorum: decision.kind === "agreed" ? `${decision.agreeing}/${decision.answering}` : decision.reason,
        store: outcome.kind, servedSlot: summary.servedSlot, overrun,
      },
      "round",
    );
    if (!logger.isLevelEnabled("debug")) return;
    for (const o of report.outcomes) {
      const name = book.get(o.upstream).name;
      if (o.ok) logger.debug({ round: report.round, upstream: name, slot: o.state.finalized.slot, unchanged: o.unchanged, ms: o.endedMs - o.startedMs, bytes: o.bytes }, "poll ok");
      else logger.debug({ round: report.round, upstream: name, code: o.code, reason: o.message }, "poll failed");
    }
  };
}
