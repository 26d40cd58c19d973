/**
 * One simulated lean node: a node:http server on 127.0.0.1 serving the lean API paths, and
 * its current behaviour acted out on the socket (see behaviours.ts for what each does).
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Behaviour, BehaviourName } from "./behaviours.js";
import { resolveBehaviour } from "./behaviours.js";
import { corruptedParts, sendBody, sendJson, TimerSet, wrongRootParts } from "./responses.js";
import type { BodyPlan } from "./responses.js";
import { renderForkChoice, renderStateJson, renderCheckpoint } from "./render.js";
import type { NodeView } from "./render.js";

export const PATHS = {
  state: "/lean/v0/states/finalized",
  block: "/lean/v0/blocks/finalized",
  justified: "/lean/v0/checkpoints/justified",
  forkChoice: "/lean/v0/fork_choice",
  health: "/lean/v0/health",
} as const;

const SSZ = "application/octet-stream";
/** What a flapping node cycles through. */
const FLAP_CYCLE: readonly BehaviourName[] = ["healthy", "http-error", "blackhole"];

/** Whether this request gets JSON where SSZ is the lean API's answer. */
function answersJson(req: IncomingMessage, b: Behaviour): boolean {
  if (b.name === "json-instead-of-ssz") return true;
  return b.name === "json-unless-accept" && !/application\/octet-stream/i.test(req.headers.accept ?? "");
}

export class NodeServer {
  readonly index: number;
  readonly #view: NodeView;
  #port: number;
  #server: Server | null = null;
  #behaviour: Behaviour = resolveBehaviour("healthy");
  readonly #timers = new TimerSet();
  #requests = 0;
  /** Requests since the behaviour was last set: a flapping node's cycle starts healthy. */
  #sinceSwitch = 0;
  readonly #keepAliveMs: number | null;

  /** `port` 0 takes a free port on first open and keeps it (refused reopens the same); keepAliveMs null: Node's default. */
  constructor(index: number, port: number, view: NodeView, keepAliveMs: number | null = null) {
    this.index = index;
    this.#port = port;
    this.#view = view;
    this.#keepAliveMs = keepAliveMs;
  }

  get port(): number {
    return this.#port;
  }
  get listening(): boolean {
    return this.#server !== null;
  }
  get behaviour(): Behaviour {
    return this.#behaviour;
  }
  get requests(): number {
    return this.#requests;
  }

  /** Switch behaviour; "refused" closes the port, leaving it reopens it. */
  async setBehaviour(b: Behaviour): Promise<void> {
    this.#behaviour = b;
    this.#sinceSwitch = 0;
    if (b.name === "refused") await this.shut();
    else await this.open();
  }

  async open(): Promise<void> {
    if (this.#server !== null) return;
    const server = createServer((req, res) => this.#handle(req, res));
    // A held (blackholed) request must stay held: no request timeout may answer it.
    server.requestTimeout = 0;
    if (this.#keepAliveMs !== null) server.keepAliveTimeout = this.#keepAliveMs;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stop listening and destroy every connection, held ones included. */
  async shut(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    this.#timers.clear();
    await closed;
  }

  #effective(): Behaviour {
    const b = this.#behaviour;
    if (b.name !== "flapping") return b;
    const phase = b.params.periodMs === 0 ? this.#sinceSwitch : Math.floor(Date.now() / b.params.periodMs);
    return resolveBehaviour(FLAP_CYCLE[phase % FLAP_CYCLE.length]);
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const b = this.#effective();
    this.#requests += 1;
    this.#sinceSwitch += 1;
    // Drain any request body so the socket stays usable; a GET has none.
    req.resume();
    if (b.name === "blackhole") return; // accepted, never written; closed with the node
    if (b.name === "http-error") return sendJson(res, b.params.status, { code: b.params.status, message: "simulated upstream error" });
    if (b.name === "slow") return this.#timers.after(res, b.params.delayMs, () => this.#route(req, res, b));
    this.#route(req, res, b);
  }

  #route(req: IncomingMessage, res: ServerResponse, b: Behaviour): void {
    if (req.method !== "GET") return sendJson(res, 405, { code: 405, message: "method not allowed" });
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
        if (b.name === "bad-block") return this.#badBlock(res, b.params.mode);
        // The block root as ETag, as an HTTP cache-aware lean node would send it: a poller
        // that asks If-None-Match with it gets a bodiless 304 while finality stands still.
        const snap = this.#view.snapshot();
        const etag = `"0x${Buffer.from(snap.blockRoot).toString("hex")}"`;
        if (req.headers["if-none-match"] === etag && !answersJson(req, b)) {
          res.writeHead(304, { etag }).end();
          return;
        }
        return this.#ssz(req, res, b, { parts: [snap.block], etag }, false);
      }
      case PATHS.state:
        return this.#ssz(req, res, b, this.#statePlan(b), b.name === "huge" && b.params.chunked);
      default:
        return sendJson(res, 404, { code: 404, message: `no route ${path}` });
    }
  }

  #statePlan(b: Behaviour): BodyPlan {
    const state = this.#view.snapshot().state;
    switch (b.name) {
      case "wrong-root":
        return { parts: wrongRootParts(state) };
      case "corrupted":
        return { parts: corruptedParts(state) };
      case "truncated": {
        const half = Math.floor(state.length / 2);
        return b.params.mode === "short" ? { parts: [state.subarray(0, half)] } : { parts: [state], destroyAfter: half };
      }
      case "huge": {
        const head = state.subarray(0, Math.min(state.length, b.params.bytes));
        return { parts: [head], zeroFill: b.params.bytes - head.length };
      }
      default:
        return { parts: [state] };
    }
  }

  #badBlock(res: ServerResponse, mode: "garbage" | "json"): void {
    const snap = this.#view.snapshot();
    if (mode === "json") return sendJson(res, 200, { slot: snap.slot, root: `0x${Buffer.from(snap.blockRoot).toString("hex")}` });
    // Offsets that point past the end: no reader can take a block out of these bytes.
    const garbage = Buffer.alloc(snap.block.length, 0xee);
    sendBody(res, SSZ, { parts: [garbage] }, this.#timers);
  }

  #ssz(req: IncomingMessage, res: ServerResponse, b: Behaviour, plan: BodyPlan, chunked: boolean): void {
    if (answersJson(req, b)) return sendJson(res, 200, renderStateJson(this.#view.snapshot()));
    if (b.name === "trickle") plan.trickle = b.params;
    sendBody(res, SSZ, plan, this.#timers, chunked);
  }
}
