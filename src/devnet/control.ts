/**
 * `DevnetControl`: the main thread's handle on the devnet worker. It forwards to the
 * comlink proxy, after checking arguments here so errors keep their class and `code`
 * (comlink sends a thrown error back as a bare Error), and it never hangs on a dead
 * worker: every call also fails when the worker is gone (DEVNET_WORKER_*), or once the
 * devnet is closed (DEVNET_CLOSED).
 */
import type { Remote } from "comlink";
import { QuorumpointError } from "../model/errors.js";
import { resolveBehaviour } from "./behaviours.js";
import type { BehaviourName, DevnetChain } from "./behaviours.js";
import type { DevnetApi, ExpectedCheckpoint, NodeInfo } from "./host.js";

/** `E` is what the chain's nodes serve: ExpectedCheckpoint (lean) or BeaconExpectedCheckpoint. */
export class DevnetControl<E = ExpectedCheckpoint> {
  readonly #remote: Remote<DevnetApi<E>>;
  readonly #nodes: number;
  readonly #gone: Promise<never>;
  readonly #closed: () => boolean;
  readonly #chain: DevnetChain;

  /** `gone` rejects when the worker exits or fails; `closed` tells when close() began. */
  constructor(remote: Remote<DevnetApi<E>>, nodes: number, gone: Promise<never>, closed: () => boolean, chain: DevnetChain = "lean") {
    this.#remote = remote;
    this.#nodes = nodes;
    this.#gone = gone;
    this.#closed = closed;
    this.#chain = chain;
  }

  /** Every node: URL, port, behaviour and params, requests so far, what it serves. */
  list(): Promise<NodeInfo[]> {
    return this.#call(() => this.#remote.list());
  }

  /**
   * Give node `node` a behaviour from now on (its next request sees it). Throws
   * DEVNET_BAD_BEHAVIOUR or DEVNET_NO_SUCH_NODE before anything changes.
   */
  setBehaviour(node: number, behaviour: BehaviourName, params: Record<string, unknown> = {}): Promise<NodeInfo> {
    if (!Number.isInteger(node) || node < 0 || node >= this.#nodes) {
      return Promise.reject(new QuorumpointError("DEVNET_NO_SUCH_NODE", `no node ${node} (the devnet has ${this.#nodes})`));
    }
    try {
      resolveBehaviour(behaviour, params, this.#chain);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#call(() => this.#remote.setBehaviour(node, behaviour, params));
  }

  pauseFinality(): Promise<void> {
    return this.#call(() => this.#remote.pauseFinality());
  }

  resumeFinality(): Promise<void> {
    return this.#call(() => this.#remote.resumeFinality());
  }

  /** Finalize `steps` checkpoints now (beacon: epochs); resolves when every node serves the result. */
  advanceFinality(steps = 1): Promise<E> {
    if (!Number.isInteger(steps) || steps < 1) return Promise.reject(new RangeError(`steps must be a positive integer, got ${steps}`));
    return this.#call(() => this.#remote.advanceFinality(steps) as Promise<E>);
  }

  /** What an honest node (chain 0) or a node on fork `chain` serves now. */
  expected(chain = 0): Promise<E> {
    return this.#call(() => this.#remote.expected(chain) as Promise<E>);
  }

  #call<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed()) return Promise.reject(new QuorumpointError("DEVNET_CLOSED", "the devnet is closed"));
    return Promise.race([call(), this.#gone]);
  }
}
