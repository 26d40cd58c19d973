/**
 * One simulated node: a node:http server on 127.0.0.1 and its current behaviour's transport
 * faults acted out on the socket (blackhole, slow, http-error, refused, flapping). What each
 * path answers is its `NodeRoutes`: the lean API (lean-routes.ts) or the beacon API
 * (beacon/routes.ts).
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Behaviour, BehaviourName } from "./behaviours.js";
import { resolveBehaviour } from "./behaviours.js";
import { sendJson, TimerSet } from "./responses.js";

/** What a node's paths answer under a behaviour; the timers stop when the node closes. */
export interface NodeRoutes {
  handle(req: IncomingMessage, res: ServerResponse, b: Behaviour, timers: TimerSet): void;
}

/** What a flapping node cycles through. */
const FLAP_CYCLE: readonly BehaviourName[] = ["healthy", "http-error", "blackhole"];

export class NodeServer {
  readonly index: number;
  readonly #routes: NodeRoutes;
  #port: number;
  #server: Server | null = null;
  #behaviour: Behaviour = resolveBehaviour("healthy");
  readonly #timers = new TimerSet();
  #requests = 0;
  /** Requests since the behaviour was last set: a flapping node's cycle starts healthy. */
  #sinceSwitch = 0;
  readonly #keepAliveMs: number | null;

  /** `port` 0 takes a free port on first open and keeps it (refused reopens the same); keepAliveMs null: Node's default. */
  constructor(index: number, port: number, routes: NodeRoutes, keepAliveMs: number | null = null) {
    this.index = index;
    this.#port = port;
    this.#routes = routes;
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
    this.#routes.handle(req, res, b, this.#timers);
  }
}
