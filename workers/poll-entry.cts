/**
 * piscina's entry for the poll worker. piscina loads its file with require() first, which on
 * Node 20 is require(esm) for an ES module: an experimental path that has aborted the whole
 * process ("v8::Module::IsGraphAsync must be used on an instantiated module") while a
 * worker started under load. This CommonJS shim is what piscina requires; it loads the
 * worker (workers/poll.ts) with import(), once.
 */
import type { PollTask } from "../src/model/task.js";

type PollHandler = (task: PollTask) => Promise<unknown>;
let handler: Promise<PollHandler> | undefined;

export = function poll(task: PollTask): Promise<unknown> {
  handler ??= import("./poll.js").then((m) => m.default);
  return handler.then((h) => h(task));
};
