/**
 * comlink speaks the DOM's MessagePort interface (addEventListener, `event.data`); Node's
 * worker_threads ports and Worker speak EventEmitter (`on("message", data)`). This is the
 * adapter comlink ships as `comlink/dist/esm/node-adapter.mjs`, rewritten here because
 * that file has no typings NodeNext resolves for a `.mjs` path.
 */
import type { Endpoint } from "comlink";
import type { MessagePort, Worker } from "node:worker_threads";

type Handler = ((event: { data: unknown }) => void) | { handleEvent(event: { data: unknown }): void };

export function nodeEndpoint(port: MessagePort | Worker): Endpoint {
  const listeners = new WeakMap<Handler, (data: unknown) => void>();
  return {
    postMessage: (message: unknown, transfer?: readonly unknown[]) => port.postMessage(message, transfer as never),
    addEventListener: (_type: string, handler: Handler) => {
      const listener = (data: unknown): void => {
        if (typeof handler === "function") handler({ data });
        else handler.handleEvent({ data });
      };
      port.on("message", listener);
      listeners.set(handler, listener);
    },
    removeEventListener: (_type: string, handler: Handler) => {
      const listener = listeners.get(handler);
      if (listener === undefined) return;
      port.off("message", listener);
      listeners.delete(handler);
    },
  } as Endpoint;
}
