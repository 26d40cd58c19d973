/**
 * What the devnet host needs from a chain (lean or beacon): the routes each node answers
 * with, the chain's clock, and what an honest node serves. The host owns the nodes, their
 * behaviours, the timer and pausing; a driver owns everything chain-specific.
 */
import type { CheckpointJson } from "../model/outcome.js";
import type { Behaviour } from "./behaviours.js";
import type { NodeRoutes } from "./node-server.js";

export interface ChainDriver<E> {
  /** The routes node `index` answers with; `behaviour()` is that node's current behaviour. */
  routes(index: number, behaviour: () => Behaviour): NodeRoutes;
  /** One slot passed with finality running; true when what nodes serve changed. */
  tick(): boolean;
  /** Move finality one step now; false when the chain cannot (lean: history full). */
  advance(): boolean;
  /** Build now what `behaviours` (every node's) serve, and drop what none does. */
  settle(behaviours: readonly Behaviour[]): void;
  /** What an honest node (chain 0) or a node on fork `chain` serves now. */
  expected(chain: number): E;
  /** Which chain a node with behaviour `b` is on and the finalized checkpoint it serves. */
  served(b: Behaviour): { chain: number; finalized: CheckpointJson };
}
