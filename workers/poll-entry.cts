/**
 * piscina's entry for the poll worker. piscina loads its file with require() first, which on
 * Node 20 is require(esm) for an ES module: an experimental path that has aborted the whole
 * process ("v8::Module::IsGraphAsync must be used on an instantiated module") while a
 * worker started under load. This CommonJS shim is what piscina requires; it loads the
 * worker (workers/poll.ts) with import(), once.
 */
import type { PollTask } from "../src/model/task.js";

type PollHandler = (task: PollTask) => Promise<unknown>;
// Loaded as the thread starts, not at its first task: the worker tells the pool once it is in (workers/poll.ts).
const handler: Promise<PollHandler> = import("./poll.js").then((m) => m.default);

export = function poll(task: PollTask): Promise<unknown> {
  return handler.then((h) => h(task));
};
