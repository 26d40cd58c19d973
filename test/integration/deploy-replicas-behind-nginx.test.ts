/**
 * Three replicas of the real CLI on one devnet, Debian's nginx in front
 * (deploy/nginx/quorumpoint.conf.template), 500 concurrent syncing clients, each sync from
 * a loopback address of its own (a new node) fetching the block then the state through
 * nginx. One replica is killed mid-run and restarted; then finality moves. No client
 * request may fail and every pair must match (block.state_root == hash_tree_root(state));
 * prints the cache hit ratio, the window in which the replicas disagreed, and how long
 * after finality moved a client could still be handed the old pair.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { Agent, request } from "undici";
import { toHex } from "../../src/lean/index.js";
import { decodeBlock, decodeState } from "../interop/lean-clients/common.js";
import { startTestDevnet } from "../support/devnet.js";
import { eventually } from "../support/eventually.js";
import { freePorts } from "../support/free-ports.js";
import { NGINX_BIN, startNginx } from "../support/nginx.js";
import { spawnDaemon, type SpawnedDaemon } from "../support/spawn-daemon.js";

const CLIENTS = 500;
/** Longer than any client's block-to-state gap here, even with the machine's cores shared (the gap is printed). */
const PIN_S = 10;
/** Behind the proxy every request comes from nginx's address: nginx pins pairs, so the replicas do not. */
const BEHIND_PROXY = ["--pair-window-ms", "0", "--max-connections-per-address", "1024"];
const FAST = ["--poll-interval-ms", "300", "--timeout-ms", "1000", "--stale-after-ms", "60000", "--workers", "1"];
const skip = process.env.QUORUMPOINT_SKIP_NGINX === "1" || !existsSync(NGINX_BIN)
  ? "nginx is not installed (scripts/ensure-nginx.sh) or QUORUMPOINT_SKIP_NGINX=1" : false;

interface Sync {
  startedMs: number;
  slot: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh loopback address per sync, 127.1.0.1 onwards (never a .0 or .255 octet). */
function addressOf(n: number): string {
  const host = (n % 254) + 1;
  const mid = Math.floor(n / 254);
  return `127.1.${(mid % 254) + 1}.${host}`;
}

async function get(url: string, dispatcher: Agent): Promise<{ bytes: Buffer; headers: Record<string, unknown> }> {
  const res = await request(url, { dispatcher, signal: AbortSignal.timeout(30_000) });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${res.statusCode} ${bytes.toString("utf8", 0, 200)}`);
  return { bytes, headers: res.headers };
}

async function servedSlot(url: string): Promise<number | null> {
  const res = await fetch(`${url}/lean/v0/blocks/finalized`, { method: "HEAD" }).catch(() => null);
  return res?.status === 200 ? Number(res.headers.get("x-quorumpoint-finalized-slot")) : null;
}

test("500 clients through nginx in front of 3 replicas: no failed request, no mismatched pair across a replica's death and a checkpoint change", { skip, timeout: 180_000 }, async (t) => {
  const dn = await startTestDevnet({ nodes: 4, stateMb: 1 });
  t.after(() => dn.close());
  await dn.control.advanceFinality();
  const ports = await freePorts(4);
  const replicaPorts = ports.slice(0, 3);
  const ups = dn.urls.flatMap((u) => ["--upstream", u]);
  const startReplica = (port: number) => spawnDaemon([...ups, ...FAST, ...BEHIND_PROXY, "--port", String(port)]);
  const replicas: SpawnedDaemon[] = await Promise.all(replicaPorts.map(startReplica));
  t.after(() => Promise.all(replicas.map((r) => r.stop())));
  const first = (await dn.control.expected()).finalized.slot;
  for (const r of replicas) await eventually(async () => (await servedSlot(r.url)) === first, { timeoutMs: 30_000, message: `${r.url} serves slot ${first}` });

  const nginx = await startNginx({ port: ports[3]!, replicaPorts, pinSeconds: PIN_S });
  t.after(() => nginx.stop());

  // What the honest chain's states hash to, by the digest of their bytes: each distinct state is decoded and hashed once.
  const rootByDigest = new Map<string, string>();
  const syncs: Sync[] = [];
  const failures: string[] = [];
  const mismatches: string[] = [];
  let maxGapMs = 0;
  let running = true;
  let next = 0;

  async function oneSync(): Promise<void> {
    const dispatcher = new Agent({ localAddress: addressOf(next++), connections: 2 });
    const startedMs = Date.now();
    try {
      const block = await get(`${nginx.url}/lean/v0/blocks/finalized`, dispatcher);
      maxGapMs = Math.max(maxGapMs, Date.now() - startedMs);
      const state = await get(`${nginx.url}/lean/v0/states/finalized`, dispatcher);
      const digest = createHash("sha256").update(state.bytes).digest("hex");
      let root = rootByDigest.get(digest);
      if (root === undefined) {
        root = toHex(decodeState(new Uint8Array(state.bytes)).stateRoot);
        rootByDigest.set(digest, root);
      }
      const claimed = toHex(decodeBlock(new Uint8Array(block.bytes)).block.stateRoot);
      if (claimed !== root) mismatches.push(`block slot ${String(block.headers["x-quorumpoint-finalized-slot"])} state_root ${claimed} != ${root}`);
      syncs.push({ startedMs, slot: Number(block.headers["x-quorumpoint-finalized-slot"]) });
    } catch (e) {
      failures.push((e as Error).message);
    } finally {
      await dispatcher.close();
    }
  }

  const clients = Array.from({ length: CLIENTS }, async () => {
    while (running) await oneSync();
  });

  await sleep(3000);
  // A replica dies mid-run (no goodbye), and comes back on its port.
  const killedAt = syncs.length;
  replicas[0]!.child.kill("SIGKILL");
  await replicas[0]!.stop();
  await sleep(3000);
  replicas[0] = await startReplica(replicaPorts[0]!);
  await eventually(async () => (await servedSlot(replicas[0]!.url)) === first, { timeoutMs: 30_000, message: "the restarted replica serves again" });
  const restartedAt = syncs.length;

  // Finality moves: each replica switches when its own round sees it.
  const advancedMs = Date.now();
  const moved = (await dn.control.advanceFinality()).finalized.slot;
  // When each replica began serving it, by its own round log (the test's event loop is busy with the clients).
  const switchedMs = await Promise.all(replicas.map((r) => eventually(() => {
    const line = r.lines.find((l) => l.msg === "round" && l.servedSlot === moved);
    return line === undefined ? null : Number(line.time);
  }, { timeoutMs: 30_000, message: `${r.url} serves slot ${moved}` })));
  const allSwitchedMs = Math.max(...switchedMs);
  await eventually(() => syncs.some((s) => s.startedMs > allSwitchedMs + PIN_S * 1000 && s.slot === moved), { timeoutMs: 30_000, message: "a sync after the change" });
  await sleep(1000);
  running = false;
  await Promise.all(clients);

  const lines = nginx.logLines().filter((l) => l.includes(" \"GET /lean/v0/states/finalized "));
  const hits = lines.filter((l) => l.includes(" cache=HIT ")).length;
  // When nginx last began an answer with the old pair (its access log: `$msec` at the end, `rt=` its duration).
  const beganMs = (l: string) => (Number(l.split(" ")[0]) - Number(/ rt=([0-9.]+)/.exec(l)?.[1] ?? 0)) * 1000;
  const oldAnswersMs = lines.filter((l) => !l.includes(` pin=${moved} `)).map(beganMs);
  const lastOldMs = Math.max(advancedMs, ...oldAnswersMs);
  console.log(`deploy: ${syncs.length} syncs by ${CLIENTS} concurrent clients (${restartedAt - killedAt} while a replica was down); `
    + `state cache hits ${hits}/${lines.length} (${((100 * hits) / Math.max(1, lines.length)).toFixed(1)}%); `
    + `replicas disagreed for ${Math.max(...switchedMs) - Math.min(...switchedMs)} ms (switched ${switchedMs.map((s) => s - advancedMs).join(", ")} ms after finality moved); `
    + `syncs begun in that time: ${syncs.filter((x) => x.startedMs >= advancedMs && x.startedMs <= allSwitchedMs).length}; `
    + `nginx handed out the old pair until ${Math.round(lastOldMs - advancedMs)} ms after finality moved (pin ${PIN_S} s; a client's block-to-state gap at most ${maxGapMs} ms); ${rootByDigest.size} distinct states verified`);

  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failed client requests`);
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} mismatched pairs`);
  assert.ok(restartedAt > killedAt, "clients synced while a replica was down");
  // A sync that starts once every replica has switched has no pin yet (a new address): it gets the new pair.
  const late = syncs.filter((s) => s.startedMs > allSwitchedMs && s.slot !== moved);
  assert.deepEqual(late, [], "syncs begun after every replica switched got the old pair");
  assert.ok(hits > 0, "nginx answered states from its cache");
  // Every state served was the honest chain's: exactly the two checkpoints' states.
  const expected = await dn.control.expected();
  assert.ok([...rootByDigest.values()].includes(expected.stateRoot), "the new checkpoint's state was served and verified");
  assert.equal(rootByDigest.size, 2, "only the two checkpoints' states were served");
});
