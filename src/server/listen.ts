/**
 * Listening, with the failures that are a bad setting told as one: an address this host
 * does not have or cannot resolve is a bad --bind, a port taken or forbidden is a bad
 * --port. Both throw a ConfigError, which the CLI prints as one line and exit code 2.
 */
import { ConfigError } from "../model/errors.js";
import type { QuorumpointServer } from "./app.js";

const BIND_ERRORS = new Set(["EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EINVAL", "EAFNOSUPPORT"]);
const PORT_ERRORS = new Set(["EADDRINUSE", "EACCES", "EPERM"]);

/** Listens on `host:port`; resolves to the address fastify reports. */
export async function listenOn(server: QuorumpointServer, host: string, port: number): Promise<string> {
  try {
    return await server.listen({ host, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (BIND_ERRORS.has(code)) throw new ConfigError("--bind", host, `an address of this host to listen on (${code})`);
    if (PORT_ERRORS.has(code)) {
      const why = code === "EADDRINUSE" ? "another process listens on it" : "not allowed to this user";
      throw new ConfigError("--port", port, `a port free to listen on at ${host} (${code}: ${why})`);
    }
    throw e;
  }
}
