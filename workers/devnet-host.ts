/**
 * Devnet worker entry: hosts every simulated node's HTTP server off the main thread and
 * exposes the control API (src/devnet/host.ts) to the parent through comlink.
 */
import { parentPort, workerData } from "node:worker_threads";
import { expose } from "comlink";
import { DevnetHost } from "../src/devnet/host.js";
import type { HostConfig } from "../src/devnet/host.js";
import { nodeEndpoint } from "../src/devnet/comlink-endpoint.js";

if (parentPort === null) throw new Error("devnet-host must run as a worker thread");
expose(new DevnetHost(workerData as HostConfig), nodeEndpoint(parentPort));
