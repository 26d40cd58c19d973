/**
 * The dashboard: GET / and its few static files, from memory (see static-files.ts). It is
 * plain HTML + vanilla JS that polls /status, /api/upstreams, /api/rounds (and /api/lanes
 * when that route exists) about once a second.
 */
import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.js";
import { textSchema } from "../schemas/common.js";
import type { StaticFile } from "../static-files.js";

/** Scripts and styles only from this origin; the page fetches only this origin's JSON. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const dashboardRoutes: FastifyPluginAsync<{ deps: ServerDeps; files: readonly StaticFile[] }> = async (app, { files }) => {
  for (const f of files) {
    const schema = { response: { 200: { content: { [f.contentType.split(";")[0]!]: textSchema.content["text/plain"] } } } };
    app.get(f.url, { schema }, async (_req, reply) =>
      reply
        .type(f.contentType)
        .header("cache-control", "no-cache")
        .header("content-security-policy", CSP)
        .header("x-content-type-options", "nosniff")
        .send(f.body),
    );
  }
};
