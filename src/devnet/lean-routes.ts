/**
 * The lean API of a simulated lean node: which bytes and JSON each path answers, and the
 * body faults of its behaviour (see behaviours.ts). Transport faults are the server's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Behaviour } from "./behaviours.js";
import type { NodeRoutes } from "./node-server.js";
import { leanStateMarks, sendBody, sendJson, stateFaultPlan } from "./responses.js";
import type { BodyPlan, TimerSet } from "./responses.js";
import { renderCheckpoint, renderForkChoice, renderStateJson } from "./render.js";
import type { NodeView } from "./render.js";

export const PATHS = {
  state: "/lean/v0/states/finalized",
  block: "/lean/v0/blocks/finalized",
  justified: "/lean/v0/checkpoints/justified",
  forkChoice: "/lean/v0/fork_choice",
  health: "/lean/v0/health",
} as const;

export const SSZ = "application/octet-stream";

/** Whether this request gets JSON where SSZ is the lean API's answer. */
function answersJson(req: IncomingMessage, b: Behaviour): boolean {
  if (b.name === "json-instead-of-ssz") return true;
  return b.name === "json-unless-accept" && !/application\/octet-stream/i.test(req.headers.accept ?? "");
}

export class LeanRoutes implements NodeRoutes {
  readonly #view: NodeView;

  constructor(view: NodeView) {
    this.#view = view;
  }

  handle(req: IncomingMessage, res: ServerResponse, b: Behaviour, timers: TimerSet): void {
    const path = (req.url ?? "/").split("?")[0];
    switch (path) {
      case PATHS.health:
        return sendJson(res, 200, { status: "healthy", service: "lean-rpc-api" });
      case PATHS.justified:
        return sendJson(res, 200, renderCheckpoint(this.#view.justified()));
      case PATHS.forkChoice:
        return sendJson(res, 200, renderForkChoice(this.#view));
      case PATHS.block: {
        if (b.name === "no-block" || (b.name === "huge" && !b.params.block)) return sendJson(res, 404, { code: 404, message: `no route ${path}` });
        if (b.name === "bad-block") return this.#badBlock(res, b.params.mode, timers);
        // The block root as ETag, as an HTTP cache-aware lean node would send it: a poller
        // that asks If-None-Match with it gets a bodiless 304 while finality stands still.
        const snap = this.#view.snapshot();
        const etag = `"0x${Buffer.from(snap.blockRoot).toString("hex")}"`;
        if (req.headers["if-none-match"] === etag && !answersJson(req, b)) {
          res.writeHead(304, { etag }).end();
          return;
        }
        return this.#ssz(req, res, b, { parts: [snap.block], etag }, false, timers);
      }
      case PATHS.state: {
        const state = this.#view.snapshot().state;
        return this.#ssz(req, res, b, stateFaultPlan(b, [state], leanStateMarks(state)), b.name === "huge" && b.params.chunked, timers);
      }
      default:
        return sendJson(res, 404, { code: 404, message: `no route ${path}` });
    }
  }

  #badBlock(res: ServerResponse, mode: "garbage" | "json", timers: TimerSet): void {
    const snap = this.#view.snapshot();
    if (mode === "json") return sendJson(res, 200, { slot: snap.slot, root: `0x${Buffer.from(snap.blockRoot).toString("hex")}` });
    // Offsets that point past the end: no reader can take a block out of these bytes.
    const garbage = Buffer.alloc(snap.block.length, 0xee);
    sendBody(res, SSZ, { parts: [garbage] }, timers);
  }

  #ssz(req: IncomingMessage, res: ServerResponse, b: Behaviour, plan: BodyPlan, chunked: boolean, timers: TimerSet): void {
    if (answersJson(req, b)) return sendJson(res, 200, renderStateJson(this.#view.snapshot()));
    if (b.name === "trickle") plan.trickle = b.params;
    sendBody(res, SSZ, plan, timers, chunked);
  }
}
