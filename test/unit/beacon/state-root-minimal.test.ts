/**
 * The BeaconState root from bytes, minimal preset (the mainnet one is its own process:
 * state-root-mainnet.test.ts): random states of every fork, the real Lodestar states, and
 * a differential fuzz against the library's tree view (which bytes are refused) and its exact
 * bigint twin (the root).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { loadBeaconTypes } from "../../../src/beacon/ssz-types.js";
import { beaconStateRootFromBytes } from "../../../src/beacon/state-root-from-bytes.js";
import { beaconStateRootViaViewDU } from "../../../src/beacon/state-root-view.js";
import { BEACON_FORKS } from "../../../src/model/beacon.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { toHex } from "../../../src/model/hex.js";
import { BEACON_LODESTAR_FIXTURES, readFixtureMetas } from "../../support/beacon-lodestar-fixtures.js";
import { exactRoot } from "../../../src/merkle/exact-type.js";
import { defineStateRootCases, randomState } from "./state-root-cases.js";

const types = await loadBeaconTypes("minimal");

defineStateRootCases(types, { runs: 40, maxLength: 6 });

describe("the states a real Lodestar served", async () => {
  const metas = (await readFixtureMetas()).filter((m) => m.kind === "state");
  test("there is one of every fork it ran", () => assert.ok(metas.length >= 4));
  for (const m of metas) {
    test(`${m.file}: the root Lodestar reported`, async () => {
      const bytes = new Uint8Array(await fs.readFile(path.join(BEACON_LODESTAR_FIXTURES, m.file)));
      assert.equal(toHex(beaconStateRootFromBytes(bytes, m.fork, types)), m.stateRoot);
    });
  }
});

test("a validator registry across a packing batch (4097 validators) and the lists of its own length", () => {
  const { value, bytes } = randomState(types, "electra", 11, 4097, true, 4);
  assert.equal(toHex(beaconStateRootFromBytes(bytes, "electra", types)), toHex(types.ssz.electra.BeaconState.hashTreeRoot(value)));
});

test("mutated bytes: an SSZ error exactly when the tree view refuses them, else the same root", () => {
  const seeds = BEACON_FORKS.map((fork, i) => ({ fork, bytes: randomState(types, fork, i + 100, 3, true, 2).bytes }));
  const mutated = fc.tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    fc.option(fc.nat(), { freq: 4 }),
  );
  fc.assert(
    fc.property(mutated, ([{ fork, bytes }, edits, cut]) => {
      const b = bytes.slice(0, cut === null ? bytes.length : cut % bytes.length);
      for (const [at, byte] of edits) if (b.length > 0) b[at % b.length] = byte;
      let ours: string | QuorumpointError;
      let theirs: string | QuorumpointError;
      try {
        ours = toHex(beaconStateRootFromBytes(b, fork, types));
      } catch (e) {
        if (!(e instanceof QuorumpointError) || !e.code.startsWith("SSZ_")) throw e;
        ours = e;
      }
      try {
        theirs = toHex(beaconStateRootViaViewDU(b, fork, types));
      } catch (e) {
        theirs = e as QuorumpointError;
      }
      assert.equal(typeof ours, typeof theirs, `ours: ${String(ours)}; the view's: ${String(theirs)}`);
      // The view's numbers round past 2^53: the bigint twin is the exact reference.
      if (typeof ours === "string") assert.equal(ours, toHex(exactRoot(types.ssz[fork].BeaconState as never, b)));
    }),
    { numRuns: 400 },
  );
});
