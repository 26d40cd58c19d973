/**
 * The digest cache's claim from several threads at once: real worker threads share one
 * cache and race on the same keys round after round (fixtures/digest-cache-racer.ts). The
 * claim is a scan then a write under one lock; were it a plain read-then-write, two
 * threads that both read "absent" would both claim, or both take the same empty entry for
 * different keys (one claim then overwrites the other, and its key is claimed again).
 * Either shows here as a key claimed more than once in a round (or, when a lost claim
 * leaves askers waiting on each other, as racers that fail their 5 s waits).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { DigestCache } from "../../../src/shm/digest-cache.js";
import { CLAIMED, ENTRY_I32, E_STATE, HEADER_I32, LOCK } from "../../../src/shm/digest-cache-layout.js";
import {
  RACE_KEYS, TAG_OWN, TAG_ROOT, TAG_SHARED, ctlWords, key, releases,
  type AnswerRecord, type ClaimRecord, type Kind, type RacerData, type RacerReport,
} from "./fixtures/digest-cache-racer.js";

const THREADS = 4;
const ROUNDS = 500;
const CAPACITY = 64;

async function race(): Promise<{ cache: DigestCache; reports: RacerReport[] }> {
  const cache = DigestCache.create(CAPACITY);
  const ctl = new SharedArrayBuffer(ctlWords(ROUNDS) * 4);
  const workers = Array.from({ length: THREADS }, (_, id) => {
    const data: RacerData = { cache: cache.buffer, capacity: CAPACITY, ctl, id, threads: THREADS, rounds: ROUNDS };
    return new Worker(new URL("./fixtures/digest-cache-racer.js", import.meta.url), { workerData: data });
  });
  try {
    // A thread that throws rejects its `once` (the "error" event), one that exits without a report fails too;
    // one that reports a failure is rethrown.
    type Message = { ok: true; report: RacerReport } | { ok: false; error: string };
    const messages = await Promise.all(workers.map((w, id) => Promise.race([
      once(w, "message").then(([m]) => m as Message),
      once(w, "exit").then(([code]) => { throw new Error(`racer ${id} exited (code ${code}) without a report`); }),
    ])));
    return { cache, reports: messages.map((m) => { if (!m.ok) throw new Error(`a racer failed: ${m.error}`); return m.report; }) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

type Claim = ClaimRecord & { by: number };
type Answer = AnswerRecord & { by: number };

/** Everything wrong with one key's claims and answers in one round, as lines. */
function judge(kind: Kind, k: string, round: number, claims: Claim[], answers: Answer[]): string[] {
  const at = `round ${round} ${kind} ${k.slice(0, 18)}…`;
  const problems: string[] = [];
  const firsts = claims.filter((c) => !c.takeover);
  const takeovers = claims.filter((c) => c.takeover);
  if (answers.length !== THREADS) problems.push(`${at}: ${answers.length} answers, not one per thread`);
  if (firsts.length !== 1) return [...problems, `${at}: claimed by ${firsts.length} threads at once (${firsts.map((c) => `thread ${c.by} entry ${c.entry} v${c.version}`)})`];
  const first = firsts[0]!;
  let publisher = first.by;
  if (releases(kind, round)) {
    const released = answers.filter((a) => a.answer === "released");
    if (released.length !== 1 || released[0]!.by !== first.by) problems.push(`${at}: the claimer (thread ${first.by}) released, yet "released" answers came from ${released.map((a) => a.by)}`);
    if (takeovers.length !== 1) return [...problems, `${at}: the released claim was taken over by ${takeovers.length} threads (${takeovers.map((c) => `thread ${c.by} entry ${c.entry} v${c.version}`)}), not one`];
    const t = takeovers[0]!;
    // A version numbers the claims of one entry: the takeover is a new version, of that entry or another.
    if (t.by === first.by || (t.entry === first.entry && t.version <= first.version)) {
      problems.push(`${at}: takeover by thread ${t.by} (entry ${t.entry} v${t.version}) after thread ${first.by} (entry ${first.entry} v${first.version})`);
    }
    publisher = t.by;
  } else if (takeovers.length !== 0) {
    problems.push(`${at}: nothing was released, yet ${takeovers.length} takeovers`);
  }
  for (const a of answers.filter((x) => x.answer !== "released")) {
    if (a.answer !== "hit" || a.publishedBy !== publisher || a.slot !== round) {
      problems.push(`${at}: thread ${a.by} ended ${a.answer} (published by ${a.publishedBy}, slot ${a.slot}), not the state thread ${publisher} published`);
    }
  }
  return problems;
}

test(`${THREADS} worker threads racing ${ROUNDS} rounds on one digest cache: one claimer per key and version, every asker gets the published state`, { timeout: 60_000 }, async () => {
  const { cache, reports } = await race();
  const byKey = <T extends { kind: Kind; key: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(`${x.kind} ${x.key}`, [...(m.get(`${x.kind} ${x.key}`) ?? []), x]);
    return m;
  };
  const claims = byKey(reports.flatMap((r) => r.claims.map((c): Claim => ({ ...c, by: r.id }))));
  const answers = byKey(reports.flatMap((r) => r.answers.map((a): Answer => ({ ...a, by: r.id }))));

  const problems: string[] = [];
  let keys = 0;
  let released = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const raced: Array<[Kind, string]> = [["shared", key(TAG_SHARED, round)], ["root", key(TAG_ROOT, round)]];
    for (let i = 0; i < RACE_KEYS; i++) raced.push(["own", key(TAG_OWN, round, i)]);
    for (const [kind, k] of raced) {
      keys++;
      if (releases(kind, round)) released++;
      problems.push(...judge(kind, k, round, claims.get(`${kind} ${k}`) ?? [], answers.get(`${kind} ${k}`) ?? []));
    }
  }
  assert.deepEqual(problems.slice(0, 12), [], `${problems.length} problems over ${keys} keys (${released} with a released claim)`);
  assert.equal([...claims.values()].flat().length, keys + released, "no claim beyond one per key and one per released claim");

  // Nothing is left claimed, and the lock is free.
  const words = new Int32Array(cache.buffer);
  const stillClaimed = Array.from({ length: CAPACITY }, (_, e) => e).filter((e) => Atomics.load(words, HEADER_I32 + e * ENTRY_I32 + E_STATE) === CLAIMED);
  assert.deepEqual(stillClaimed, [], "entries left CLAIMED");
  assert.equal(Atomics.load(words, LOCK), 0, "the lock is free");
});
