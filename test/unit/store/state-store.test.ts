import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decideQuorum } from "../../../src/consensus/index.js";
import type { QuorumAgreed } from "../../../src/consensus/index.js";
import type { VerifiedState } from "../../../src/model/outcome.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { StateStore } from "../../../src/store/index.js";
import { bytesFor, hex32, ok, verified } from "../consensus/fixtures.js";

const STALE = 10_000;

/** An agreed decision for `state`, three of three, with an optional justified report. */
function agree(state: VerifiedState, justifiedSlot?: number): QuorumAgreed {
  const j = justifiedSlot === undefined ? null : { slot: justifiedSlot, root: hex32(`j${justifiedSlot}`) };
  const d = decideQuorum([ok(0, state, j), ok(1, state, j), ok(2, state, j)]);
  assert.equal(d.kind, "agreed");
  return d as QuorumAgreed;
}

/** A store and a bytes map holding the bytes of every given state. */
function setup(states: VerifiedState[], history?: number) {
  const bytes = new Map(states.map((s, i) => [s.digest, bytesFor(s, i + 1)]));
  return { store: new StateStore({ staleAfterMs: STALE, history }), bytes };
}

describe("StateStore.apply", () => {
  const S100 = verified(100);
  const S104 = verified(104);

  test("a first quorum is served as given, bytes not copied", () => {
    const { store, bytes } = setup([S100]);
    const out = store.apply(agree(S100, 101), bytes, 1000);
    assert.equal(out.kind, "served-new");
    const served = store.current(1000);
    assert.ok(served);
    assert.equal(served.entry.bytes, bytes.get(S100.digest));
    assert.deepEqual(served.entry.finalized, S100.finalized);
    assert.equal(served.entry.slot, 100);
    assert.equal(served.entry.stateRoot, S100.stateRoot);
    assert.equal(served.entry.digest, S100.digest);
    assert.deepEqual(served.entry.justified, { slot: 101, root: hex32("j101") });
    assert.equal(served.entry.justifiedSource, "upstreams");
    assert.equal(served.entry.agreeing, 3);
    assert.equal(served.entry.answering, 3);
    assert.equal(served.entry.storedAtMs, 1000);
    assert.equal(served.staleAtMs, 1000 + STALE);
  });

  test("the same quorum again renews the entry: justified, counts, confirmation; same bytes", () => {
    const { store, bytes } = setup([S100]);
    store.apply(agree(S100, 101), bytes, 1000);
    const before = store.current(1000)!.entry;
    const out = store.apply(agree(S100, 102), new Map(), 2000);
    assert.equal(out.kind, "unchanged");
    const after = store.current(2000)!.entry;
    assert.notEqual(after, before);
    assert.equal(after.bytes, before.bytes);
    assert.equal(after.storedAtMs, 1000);
    assert.equal(after.confirmedAtMs, 2000);
    assert.deepEqual(after.justified, { slot: 102, root: hex32("j102") });
    assert.equal(before.confirmedAtMs, 1000, "the old entry is untouched");
    assert.equal(store.history().length, 1);
    assert.equal(store.bySlot(100), after);
  });

  test("a newer quorum is served; the old one moves down the history", () => {
    const { store, bytes } = setup([S100, S104]);
    store.apply(agree(S100), bytes, 1000);
    const out = store.apply(agree(S104), bytes, 2000);
    assert.equal(out.kind, "served-new");
    assert.equal(out.kind === "served-new" && out.previous?.slot, 100);
    assert.equal(store.current(2000)!.entry.slot, 104);
    assert.deepEqual(store.history().map((e) => e.slot), [104, 100]);
    assert.deepEqual(store.digests(), [S104.digest, S100.digest]);
  });

  test("a lagging majority (older slot) is reported, not served", () => {
    const { store, bytes } = setup([S100, S104]);
    store.apply(agree(S104), bytes, 1000);
    const lagging = decideQuorum([ok(0, S100), ok(1, S100), ok(2, S100), ok(3, S104)]);
    const out = store.apply(lagging, bytes, 2000);
    assert.equal(out.kind, "older-ignored");
    assert.equal(out.kind === "older-ignored" && out.servedSlot, 104);
    assert.equal(store.current(2000)!.entry.slot, 104);
    assert.equal(store.current(2000)!.entry.confirmedAtMs, 1000, "an older quorum does not confirm the served state");
    assert.equal(store.bySlot(100), null);
    assert.equal(store.status(2000).reason, "no_consensus");
  });

  test("a quorum for the served slot with other bytes is a conflict, not served", () => {
    const fork = verified(104, "fork");
    const { store, bytes } = setup([S104, fork]);
    store.apply(agree(S104), bytes, 1000);
    const out = store.apply(agree(fork), bytes, 2000);
    assert.equal(out.kind, "conflict-ignored");
    assert.equal(store.current(2000)!.entry.digest, S104.digest);
  });

  test("no quorum changes nothing served", () => {
    const { store, bytes } = setup([S100]);
    store.apply(agree(S100), bytes, 1000);
    const out = store.apply(decideQuorum([ok(0, S100), ok(1, S104)]), bytes, 2000);
    assert.equal(out.kind, "no-quorum");
    assert.equal(store.current(2000)!.entry.slot, 100);
    assert.equal(store.current(2000)!.entry.confirmedAtMs, 1000);
  });

  test("agreed bytes that are absent or of the wrong size are reported, not served", () => {
    const { store } = setup([]);
    const absent = store.apply(agree(S100), new Map(), 1000);
    assert.equal(absent.kind === "missing-bytes" && absent.detail, "absent");
    const short = store.apply(agree(S100), new Map([[S100.digest, new Uint8Array(3)]]), 1000);
    assert.equal(short.kind === "missing-bytes" && short.detail, "size_mismatch");
    assert.equal(store.current(1000), null);
    assert.equal(store.status(1000).reason, "missing_bytes");
  });

  test("history keeps the last N, newest first; bySlot finds only those", () => {
    const states = [100, 101, 102, 103, 104].map((s) => verified(s));
    const { store, bytes } = setup(states, 3);
    for (const [i, s] of states.entries()) store.apply(agree(s), bytes, 1000 + i);
    assert.deepEqual(store.history().map((e) => e.slot), [104, 103, 102]);
    assert.equal(store.bySlot(102)!.bytes, bytes.get(states[2].digest));
    assert.equal(store.bySlot(101), null);
    assert.equal(store.bySlot(999), null);
    assert.equal(store.status(2000).historySize, 3);
  });

  test("a reader of the old entry keeps its bytes whole while a new state is stored", () => {
    const { store, bytes } = setup([S100, S104]);
    store.apply(agree(S100), bytes, 1000);
    const taken = store.current(1000)!.entry;
    const snapshot = store.history();
    const copy = Uint8Array.from(taken.bytes);
    store.apply(agree(S104), bytes, 2000);
    assert.equal(store.current(2000)!.entry.slot, 104);
    assert.equal(taken.slot, 100);
    assert.deepEqual(taken.bytes, copy);
    assert.equal(taken.bytes.byteLength, S100.size);
    assert.deepEqual(snapshot.map((e) => e.slot), [100], "a history snapshot does not change under its reader");
  });

  test("entries and history are frozen", () => {
    const { store, bytes } = setup([S100]);
    store.apply(agree(S100), bytes, 1000);
    const entry = store.current(1000)!.entry;
    assert.throws(() => ((entry as { slot: number }).slot = 1), TypeError);
    assert.throws(() => ((entry.finalized as { slot: number }).slot = 1), TypeError);
    assert.throws(() => (store.history() as unknown[]).push(entry), TypeError);
    store.apply(agree(S100), bytes, 2000);
    const renewed = store.current(2000)!.entry;
    assert.notEqual(renewed, entry);
    assert.throws(() => ((renewed as { slot: number }).slot = 1), TypeError);
    assert.throws(() => ((renewed.upstreams as number[]).push(9)), TypeError);
  });
});

describe("StateStore options", () => {
  for (const [options, setting] of [
    [{ staleAfterMs: 0 }, "--stale-after-ms"],
    [{ staleAfterMs: Number.NaN }, "--stale-after-ms"],
    [{ staleAfterMs: 1000, history: 0 }, "--history"],
    [{ staleAfterMs: 1000, history: 2.5 }, "--history"],
  ] as const) {
    test(`rejects ${Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join()}`, () => {
      assert.throws(() => new StateStore(options), (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_INVALID" && e.detail.setting === setting);
    });
  }

  test("history defaults to 8", () => {
    assert.equal(new StateStore({ staleAfterMs: 1 }).config.history, 8);
  });
});
