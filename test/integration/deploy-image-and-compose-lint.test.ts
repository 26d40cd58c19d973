/**
 * The container image and the compose project, checked without a Docker engine: the
 * Dockerfile parsed with dockerfile-ast (base images pinned, a non-root user, no secrets,
 * production dependencies only, the daemon's node flags and allocator setting, a
 * HEALTHCHECK on /readyz), .dockerignore, and deploy/compose.yaml parsed as YAML (the
 * services, their settings, and nginx's template values, which `nginx -t` accepts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Copy, DockerfileParser, type Instruction } from "dockerfile-ast";
import { parse } from "yaml";
import { SETTINGS, envName } from "../../src/config/index.js";
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from "../../src/memory/index.js";
import { NGINX_BIN, NGINX_TEMPLATE, checkConfig, placeholdersOf, prepareNginx } from "../support/nginx.js";
import { REPO_ROOT } from "../support/paths.js";

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), "utf8");
const dockerfile = DockerfileParser.parse(read("Dockerfile"));
const instructions = dockerfile.getInstructions();
const SETTING_ENV = new Set(SETTINGS.map((s) => envName(s)));
const SECRET = /TOKEN|SECRET|PASSW|CREDENTIAL|API_?KEY|PRIVATE/i;
/** What the daemon's bin starts: node, its flags, the bin. */
const DAEMON_COMMAND = ["node", ...DAEMON_NODE_FLAGS, "dist/src/cli/main.js"];

/** The runtime stage: the instructions from the last FROM on. */
function runtimeStage(): Instruction[] {
  const froms = instructions.flatMap((ins, i) => (ins.getKeyword() === "FROM" ? [i] : []));
  return instructions.slice(froms.at(-1));
}

function jsonArgs(keyword: string): string[] {
  const found = runtimeStage().filter((i) => i.getKeyword() === keyword);
  assert.equal(found.length, 1, `one ${keyword} in the runtime stage`);
  const args = (found[0] as unknown as { getJSONStrings(): Array<{ getJSONValue(): string }> }).getJSONStrings().map((a) => a.getJSONValue());
  assert.ok(args.length > 0, `${keyword} in exec (JSON) form, so signals reach node`);
  return args;
}

/** ENV name=value pairs of the runtime stage. */
function runtimeEnv(): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of dockerfile.getENVs()) {
    if (!runtimeStage().includes(e)) continue;
    for (const p of e.getProperties()) env.set(p.getName(), p.getValue() ?? "");
  }
  return env;
}

test("the Dockerfile: two stages on an exactly pinned node image, production dependencies only, a non-root user", () => {
  const froms = dockerfile.getFROMs();
  assert.ok(froms.length >= 2, "a build stage and a runtime stage");
  const stages = new Set<string>();
  for (const f of froms) {
    const image = f.getImageName()!;
    if (!stages.has(image)) {
      assert.equal(image, "node");
      const pinned = f.getImageDigest() !== null || /^20\.\d+\.\d+-(bookworm-)?slim$/.test(f.getImageTag() ?? "");
      assert.ok(pinned, `FROM ${image}:${f.getImageTag()} is pinned to an exact node 20 release or a digest`);
    }
    if (f.getBuildStage() !== null) stages.add(f.getBuildStage()!);
  }
  const runs = runtimeStage().filter((i) => i.getKeyword() === "RUN").map((i) => i.getArgumentsContent() ?? "");
  assert.ok(runs.some((r) => /\bnpm ci --omit=dev\b/.test(r)), "the runtime installs production dependencies only");
  const users = runtimeStage().filter((i) => i.getKeyword() === "USER").map((i) => i.getArgumentsContent()?.trim());
  assert.ok(users.length > 0 && !["root", "0", "0:0"].includes(users.at(-1)!), `runs as a non-root user (${users.at(-1)})`);
  for (const ins of instructions.filter((i) => ["ENV", "ARG"].includes(i.getKeyword()))) {
    assert.doesNotMatch(ins.getArgumentsContent() ?? "", SECRET, `no secret in ${ins.getKeyword()}`);
  }
  // What is copied from the build context exists in the repository.
  for (const ins of instructions.filter((i): i is Copy => i instanceof Copy && i.getFromFlag() === null)) {
    const args = ins.getArguments().map((a) => a.getValue());
    for (const src of args.slice(0, -1)) assert.ok(existsSync(path.join(REPO_ROOT, src)), `COPY ${src} exists`);
  }
});

test("the image starts the daemon as its bin does: the same node flags and allocator setting, and a HEALTHCHECK on /readyz", () => {
  assert.deepEqual(jsonArgs("ENTRYPOINT"), DAEMON_COMMAND);
  // The bin's shebang and `npm start` spell the same command; the image must not drift from either.
  const shebang = read("src/cli/main.ts").split("\n")[0]!;
  assert.equal(shebang, `#!/usr/bin/env -S ${DAEMON_ENV.join(" ")} node ${DAEMON_NODE_FLAGS.join(" ")}`);
  const start = (JSON.parse(read("package.json")) as { scripts: { start: string } }).scripts.start;
  assert.ok(start.startsWith(`${DAEMON_ENV.join(" ")} node ${DAEMON_NODE_FLAGS.join(" ")} dist/src/cli/main.js `));
  const env = runtimeEnv();
  for (const kv of DAEMON_ENV) {
    const [k, v] = kv.split("=");
    assert.equal(env.get(k!), v, `ENV ${kv}`);
  }
  for (const k of env.keys()) if (k.startsWith("QUORUMPOINT_")) assert.ok(SETTING_ENV.has(k), `${k} is a setting`);
  assert.equal(jsonArgs("CMD")[0], "serve");
  const checks = dockerfile.getHEALTHCHECKs();
  assert.equal(checks.length, 1);
  assert.match(checks[0]!.getArgumentsContent() ?? "", /\/readyz/);

  const ignored = read(".dockerignore").split("\n").map((l) => l.trim());
  for (const p of ["node_modules", "dist", ".git"]) assert.ok(ignored.includes(p), `.dockerignore leaves out ${p}`);
});

type Service = { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; network_mode?: string; volumes?: string[] };

test("compose.yaml: a devnet, three replicas behind nginx, each replica's settings real, nginx's template values complete", (t) => {
  const compose = parse(read("deploy/compose.yaml"), { merge: true }) as { services: Record<string, Service> };
  const { services } = compose;
  assert.deepEqual(Object.keys(services).sort(), ["devnet", "nginx", "replica1", "replica2", "replica3"]);
  assert.equal(services.devnet!.command![0], "devnet");
  const ports: string[] = [];
  for (const name of ["replica1", "replica2", "replica3"]) {
    const r = services[name]!;
    assert.equal(r.image, services.devnet!.image, `${name} runs the image built for the devnet service`);
    assert.equal(r.command![0], "serve");
    assert.equal(r.network_mode, "service:devnet");
    for (const k of Object.keys(r.environment!)) assert.ok(SETTING_ENV.has(k), `${name}: ${k} is a setting`);
    assert.equal(r.environment!.QUORUMPOINT_PAIR_WINDOW_MS, "0");
    ports.push(r.environment!.QUORUMPOINT_PORT!);
  }
  assert.equal(new Set(ports).size, 3, "the replicas share one network namespace: distinct ports");
  const nginx = services.nginx!;
  assert.ok(nginx.volumes!.some((v) => v.startsWith("./nginx/quorumpoint.conf.template:/etc/nginx/templates/")));
  const env = nginx.environment!;
  assert.deepEqual(Object.keys(env).sort(), placeholdersOf(readFileSync(NGINX_TEMPLATE, "utf8")));
  for (const p of ports) assert.match(env.QP_SERVERS!, new RegExp(`server 127\\.0\\.0\\.1:${p} `));

  if (!existsSync(NGINX_BIN)) return t.skip("nginx is not installed (scripts/ensure-nginx.sh)");
  // The same values, with the paths moved into a directory of the test's own, pass `nginx -t`.
  const dir = prepareNginx((d) => ({ ...env, QP_LISTEN: "127.0.0.1:8080", QP_CACHE_DIR: path.join(d, "cache"), QP_ACCESS_LOG: path.join(d, "logs/access.log") }));
  checkConfig(dir);
});
