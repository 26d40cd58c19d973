/**
 * Every lean client's checkpoint sync, as its source does it (lean-clients/), against the
 * real quorumpoint CLI polling a devnet: each ends with the quorum's finalized block root.
 * Plus the pair race (the served checkpoint moves between a client's block and state
 * requests) and a daemon whose upstreams serve no block at all.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { State, toHex } from "../../src/lean/index.js";
import { eventually } from "../support/eventually.js";
import { nodeUrl, startTestDevnet } from "../support/devnet.js";
import type { DevnetHandle } from "../support/devnet.js";
import { spawnDaemon } from "../support/spawn-daemon.js";
import type { SpawnedDaemon } from "../support/spawn-daemon.js";
import { SyncError, closeAgents } from "./lean-clients/common.js";
import type { LeanNode, NodeConfig } from "./lean-clients/common.js";
import { ethlambdaSync } from "./lean-clients/ethlambda.js";
import { geanSync } from "./lean-clients/gean.js";
import { leanSpecSync } from "./lean-clients/leanspec.js";
import { qleanSync } from "./lean-clients/qlean.js";
import { reamSync } from "./lean-clients/ream.js";
import { zeamSync } from "./lean-clients/zeam.js";

const STATE = "/lean/v0/states/finalized";
/** Upstreams as the lean clients' own nodes serve: honest ones, qlean's (no block), ream's (JSON unless asked), a fork. */
const UPSTREAMS = [["healthy"], ["healthy"], ["healthy"], ["no-block"], ["json-unless-accept"], ["forked"]] as const;
const FAST = ["--poll-interval-ms", "300", "--timeout-ms", "2000", "--stale-after-ms", "60000", "--workers", "1"];

let dn: DevnetHandle;
let daemon: SpawnedDaemon;
let config: NodeConfig;
let nextAddress = 10;

/** A new client machine: its own loopback address, the devnet's genesis config. */
function node(): LeanNode {
  return { config, address: `127.0.0.${nextAddress++}` };
}

async function servedRoot(url: string): Promise<string | null> {
  const res = await fetch(`${url}/lean/v0/checkpoints/finalized`);
  return res.status === 200 ? ((await res.json()) as { root: string }).root : null;
}

/** Wait until `url` serves the honest chain's current finalized checkpoint; its root. */
async function honestServed(url: string): Promise<string> {
  const want = (await dn.control.expected()).finalized.root;
  await eventually(async () => (await servedRoot(url)) === want, { timeoutMs: 20_000, message: `${url} serves ${want}` });
  return want;
}

before(async () => {
  dn = await startTestDevnet({ nodes: UPSTREAMS.length });
  for (const [i, [b]] of UPSTREAMS.entries()) await dn.control.setBehaviour(i, b);
  await dn.control.advanceFinality(2);
  // The clients' own genesis config: what an honest node's state says of genesis and validators.
  const s = State.deserialize(new Uint8Array(await (await fetch(nodeUrl(dn, 0, "state"))).arrayBuffer()));
  config = {
    genesisTime: s.config.genesisTime,
    pubkeys: s.validators.map((v) => ({ attestation: toHex(v.attestationPubkey), proposal: toHex(v.proposalPubkey) })),
  };
  daemon = await spawnDaemon([...dn.urls.flatMap((u) => ["--upstream", u]), ...FAST]);
});

after(async () => {
  await daemon?.stop();
  await closeAgents();
  await dn?.close();
});

const CLIENTS: Array<[string, (base: string) => Promise<{ blockRoot: string; client: string }>]> = [
  ["leanSpec, base URL", (base) => leanSpecSync(base, node())],
  ["leanSpec, base URL with a trailing slash", (base) => leanSpecSync(`${base}/`, node())],
  ["zeam, full state URL", (base) => zeamSync(base + STATE, node(), (m) => assert.fail(`zeam warned: ${m}`))],
  ["zeam, full state URL with a trailing slash and a query", (base) => zeamSync(`${base}${STATE}/?from=zeam`, node(), (m) => assert.fail(m))],
  ["ethlambda, a dead URL first, then the legacy full state URL", (base) => ethlambdaSync(["http://127.0.0.1:9", base + STATE], node())],
  ["ethlambda, base URL", (base) => ethlambdaSync([base], node())],
  ["ream, base URL", (base) => reamSync(base, node())],
  ["ream, full state URL (url.join keeps the origin)", (base) => reamSync(base + STATE, node())],
  ["gean, full state URL", (base) => geanSync(base + STATE, node())],
  ["qlean, full state URL", (base) => qleanSync(base + STATE, node())],
];

for (const [name, sync] of CLIENTS) {
  test(`${name}: checkpoint-syncs and ends with the quorum's finalized block root`, async () => {
    const want = await honestServed(daemon.url);
    const anchor = await sync(daemon.url);
    assert.equal(anchor.blockRoot, want);
  });
}

test("gean refuses a base URL, as its source does", async () => {
  await assert.rejects(geanSync(daemon.url, node()), SyncError);
});

test("pair race: the served checkpoint moves between a client's block and state requests; its pair still matches", async () => {
  const before = await honestServed(daemon.url);
  const client = node();
  const anchor = await leanSpecSync(daemon.url, client, {
    afterBlock: async () => {
      await dn.control.advanceFinality();
      await honestServed(daemon.url); // quorumpoint now serves the next checkpoint to everyone else
    },
  });
  assert.equal(anchor.attempts, 1, "no retry needed: the client got the state of the block it had");
  assert.equal(anchor.blockRoot, before);
  const other = await leanSpecSync(daemon.url, node());
  assert.equal(other.blockRoot, (await dn.control.expected()).finalized.root, "a new client gets the new checkpoint");
});

test("pair race with the pair window off: the mismatch happens and the client's own retry resolves it", async (t) => {
  const d = await spawnDaemon([...dn.urls.flatMap((u) => ["--upstream", u]), ...FAST, "--pair-window-ms", "0"]);
  t.after(() => d.stop());
  await honestServed(d.url);
  const anchor = await leanSpecSync(d.url, node(), {
    afterBlock: async (attempt) => {
      if (attempt > 1) return;
      await dn.control.advanceFinality();
      await honestServed(d.url);
    },
  });
  assert.equal(anchor.attempts, 2, "the first pair mismatched, the retry matched");
  assert.equal(anchor.blockRoot, (await dn.control.expected()).finalized.root);
});

test("upstreams that all serve no block (as qlean's nodes): the block answers 503, state-only sync still works", async (t) => {
  const noBlock = dn.urls[3]!;
  const d = await spawnDaemon(["--upstream", noBlock, ...FAST]);
  t.after(() => d.stop());
  const want = await honestServed(d.url);
  const res = await fetch(`${d.url}/lean/v0/blocks/finalized`);
  assert.equal(res.status, 503);
  assert.equal(((await res.json()) as { error: string }).error, "no_verified_block");
  assert.equal((await qleanSync(d.url + STATE, node())).blockRoot, want);
  const warnings: string[] = [];
  assert.equal((await zeamSync(d.url + STATE, node(), (m) => warnings.push(m))).blockRoot, want, "zeam only warns");
  assert.equal(warnings.length, 1);
  await assert.rejects(leanSpecSync(d.url, node()), /HTTP 503/, "leanSpec needs the block");
});
