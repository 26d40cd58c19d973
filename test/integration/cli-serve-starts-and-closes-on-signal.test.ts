/**
 * The serve shell around the daemon, in-process with a fake daemon and a fake signal
 * source: the resolved config reaches startDaemon, a signal closes it, failures are one
 * line with the right exit code.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK, runServeCommand } from "../../src/cli/serve-command.js";
import type { StartDaemon } from "../../src/cli/serve-command.js";
import type { ServeConfig } from "../../src/config/index.js";
import { eventually } from "../support/eventually.js";

function lines(): { write(text: string): void; text: () => string } {
  let out = "";
  return {
    write: (t: string) => {
      out += t;
    },
    text: () => out,
  };
}

const ARGS = ["serve", "--devnet", "3", "--port", "0", "--log-level", "silent"];

/** Resolves once serve started its daemon and listens for SIGTERM and SIGINT. */
const waitingForSignal = (signals: EventEmitter) =>
  eventually(() => signals.listenerCount("SIGTERM") > 0 && signals.listenerCount("SIGINT") > 0, { timeoutMs: 5000, intervalMs: 1, message: "serve listening for signals" });

test("serve starts the daemon with the resolved config and closes it on SIGTERM", async () => {
  const signals = new EventEmitter();
  let started: ServeConfig | null = null;
  let closed = 0;
  const startDaemon: StartDaemon = async (config, { logger }) => {
    started = config;
    assert.equal(typeof logger.child, "function");
    return { close: async () => void closed++ };
  };
  const exit = runServeCommand(ARGS, { QUORUMPOINT_HISTORY: "4" }, { startDaemon, signals, stderr: lines() });
  await waitingForSignal(signals);
  assert.ok(started !== null, "daemon started");
  assert.equal((started as ServeConfig).devnet, 3);
  assert.equal((started as ServeConfig).history, 4);
  assert.equal(closed, 0, "not closed before a signal");
  signals.emit("SIGTERM", "SIGTERM");
  assert.equal(await exit, EXIT_OK);
  assert.equal(closed, 1);
  assert.equal(signals.listenerCount("SIGTERM") + signals.listenerCount("SIGINT"), 0, "signal listeners removed");
});

test("a bad setting never reaches the daemon: one line, exit 2", async () => {
  const stderr = lines();
  let calls = 0;
  const code = await runServeCommand(["--devnet", "3", "--history", "0"], {}, {
    startDaemon: async () => {
      calls++;
      return { close: async () => {} };
    },
    stderr,
  });
  assert.equal(code, EXIT_BAD_CONFIG);
  assert.equal(calls, 0);
  assert.equal(stderr.text(), 'invalid setting --history="0": an integer 1..1024\n');
});

test("a start-up failure is one line and exit 1", async () => {
  const stderr = lines();
  const code = await runServeCommand(ARGS, {}, {
    startDaemon: async () => {
      throw new Error("listen EADDRINUSE: address already in use\n127.0.0.1:5555");
    },
    stderr,
  });
  assert.equal(code, EXIT_FAILURE);
  assert.equal(stderr.text(), "listen EADDRINUSE: address already in use 127.0.0.1:5555\n");
});

test("a failing close() exits 1", async () => {
  const signals = new EventEmitter();
  const exit = runServeCommand(ARGS, {}, {
    startDaemon: async () => ({
      close: async () => {
        throw new Error("drain failed");
      },
    }),
    signals,
    stderr: lines(),
  });
  await waitingForSignal(signals);
  signals.emit("SIGINT", "SIGINT");
  assert.equal(await exit, EXIT_FAILURE);
});
