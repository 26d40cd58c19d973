/** Parsing the beacon API's spec, genesis and probe answers, and telling networks apart. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { networkMismatch, parseBeaconNetwork } from "../../../src/beacon/network.js";
import { parseBeaconHeader, parseFinalityCheckpoints } from "../../../src/beacon/probe-answers.js";
import { forkAtSlot } from "../../../src/model/beacon.js";
import { genesisBody, makeBeaconNetwork, specBody } from "../../support/beacon-network.js";
import { codeOf } from "../../support/error-code.js";

const ROOT = "0x" + "Ab".repeat(32);
const FAR = "18446744073709551615";

describe("parseBeaconNetwork", () => {
  const n = makeBeaconNetwork({ preset: "minimal", forkEpochs: { altair: 0, bellatrix: 1, capella: 2 } });

  test("reads what it renders; forks at FAR_FUTURE_EPOCH are left out", () => {
    const spec = specBody(n);
    assert.equal(spec.data.DENEB_FORK_EPOCH, FAR);
    assert.deepEqual(parseBeaconNetwork(spec, genesisBody(n)), n);
    assert.equal(forkAtSlot(n, 8 * 2 + 7).fork, "capella");
    assert.equal(forkAtSlot(n, 7).fork, "altair");
    assert.equal(forkAtSlot(n, 8).fork, "bellatrix");
  });

  test("SLOTS_PER_HISTORICAL_ROOT absent: the preset's", () => {
    const spec = specBody(makeBeaconNetwork({ preset: "mainnet" }));
    delete (spec.data as Record<string, string>).SLOTS_PER_HISTORICAL_ROOT;
    assert.equal(parseBeaconNetwork(spec, genesisBody(makeBeaconNetwork({ preset: "mainnet" }))).slotsPerHistoricalRoot, 8192);
    spec.data.SLOTS_PER_HISTORICAL_ROOT = "64";
    assert.equal(codeOf(() => parseBeaconNetwork(spec, genesisBody(n))), "VERIFY_BAD_SPEC");
  });

  test("a node that predates a fork leaves its keys out: it ends the schedule", () => {
    const spec = specBody(n);
    for (const k of ["DENEB", "ELECTRA", "FULU"]) {
      delete (spec.data as Record<string, string>)[`${k}_FORK_VERSION`];
      delete (spec.data as Record<string, string>)[`${k}_FORK_EPOCH`];
    }
    assert.deepEqual(parseBeaconNetwork(spec, genesisBody(n)).forks, n.forks);
  });

  test("hex is normalised to lowercase", () => {
    const genesis = genesisBody(n);
    genesis.data.genesis_validators_root = ROOT;
    assert.equal(parseBeaconNetwork(specBody(n), genesis).genesisValidatorsRoot, ROOT.toLowerCase());
  });

  const bad: Array<[string, (s: Record<string, unknown>) => void]> = [
    ["PRESET_BASE missing", (s) => delete s.PRESET_BASE],
    ["PRESET_BASE gnosis", (s) => (s.PRESET_BASE = "gnosis")],
    ["SECONDS_PER_SLOT as a number", (s) => (s.SECONDS_PER_SLOT = 6)],
    ["SECONDS_PER_SLOT 0", (s) => (s.SECONDS_PER_SLOT = "0")],
    ["SLOTS_PER_EPOCH negative", (s) => (s.SLOTS_PER_EPOCH = "-8")],
    ["SLOTS_PER_EPOCH hex", (s) => (s.SLOTS_PER_EPOCH = "0x8")],
    ["GENESIS_FORK_VERSION of 3 bytes", (s) => (s.GENESIS_FORK_VERSION = "0x000001")],
    ["ALTAIR_FORK_EPOCH without its version", (s) => delete s.ALTAIR_FORK_VERSION],
    ["an epoch over uint64", (s) => (s.CAPELLA_FORK_EPOCH = "18446744073709551616")],
    ["an epoch over 2^53", (s) => (s.CAPELLA_FORK_EPOCH = "9007199254740993")],
    ["a fork before the previous one", (s) => (s.CAPELLA_FORK_EPOCH = "0")],
    ["a fork scheduled after an unscheduled one", (s) => (s.ELECTRA_FORK_EPOCH = "9")],
  ];
  for (const [what, edit] of bad) {
    test(`spec: ${what} → VERIFY_BAD_SPEC`, () => {
      const spec = specBody(n);
      edit(spec.data);
      assert.equal(codeOf(() => parseBeaconNetwork(spec, genesisBody(n))), "VERIFY_BAD_SPEC");
    });
  }

  test("no data envelope, or not an object", () => {
    for (const body of [null, {}, { data: [] }, "spec", 3]) assert.equal(codeOf(() => parseBeaconNetwork(body, genesisBody(n))), "VERIFY_BAD_SPEC");
  });

  const badGenesis: Array<[string, (g: Record<string, unknown>) => void]> = [
    ["genesis_time missing", (g) => delete g.genesis_time],
    ["genesis_time with a fraction", (g) => (g.genesis_time = "1.5")],
    ["genesis_validators_root short", (g) => (g.genesis_validators_root = "0x" + "00".repeat(31))],
    ["genesis_validators_root without 0x", (g) => (g.genesis_validators_root = "00".repeat(32))],
    ["genesis_validators_root not hex", (g) => (g.genesis_validators_root = "0x" + "zz".repeat(32))],
    ["genesis_fork_version not the spec's", (g) => (g.genesis_fork_version = "0x99999999")],
  ];
  for (const [what, edit] of badGenesis) {
    test(`genesis: ${what} → VERIFY_BAD_GENESIS`, () => {
      const genesis = genesisBody(n);
      edit(genesis.data);
      assert.equal(codeOf(() => parseBeaconNetwork(specBody(n), genesis)), "VERIFY_BAD_GENESIS");
    });
  }

  test("SLOT_DURATION_MS stands in for SECONDS_PER_SLOT", () => {
    const spec = specBody(n) as { data: Record<string, string> };
    delete spec.data.SECONDS_PER_SLOT;
    spec.data.SLOT_DURATION_MS = "12000";
    assert.equal(parseBeaconNetwork(spec, genesisBody(n)).secondsPerSlot, 12);
    spec.data.SLOT_DURATION_MS = "1500";
    assert.equal(codeOf(() => parseBeaconNetwork(spec, genesisBody(n))), "VERIFY_BAD_SPEC");
  });
});

describe("networkMismatch", () => {
  const a = makeBeaconNetwork({ preset: "minimal" });

  test("the same network, even under another config name: null", () => {
    assert.equal(networkMismatch(a, { ...a, configName: "other", forks: a.forks.map((f) => ({ ...f })) }), null);
  });

  const cases: Array<[string, Partial<typeof a>]> = [
    ["genesis_validators_root", { genesisValidatorsRoot: "0x" + "11".repeat(32) }],
    ["genesis_time", { genesisTime: a.genesisTime + 12 }],
    ["preset", { preset: "mainnet" }],
    ["fork schedule", { forks: a.forks.slice(0, 5) }],
    ["fork schedule", { forks: a.forks.map((f) => (f.fork === "deneb" ? { ...f, epoch: f.epoch + 1 } : f)) }],
    ["fork schedule", { forks: a.forks.map((f) => (f.fork === "fulu" ? { ...f, version: "0x06000099" } : f)) }],
    ["seconds per slot", { secondsPerSlot: 12 }],
  ];
  for (const [what, change] of cases) {
    test(`names the first difference: ${what}`, () => {
      const m = networkMismatch(a, { ...a, ...change });
      assert.ok(m?.startsWith(what), String(m));
    });
  }

  test("the first difference wins", () => {
    assert.match(networkMismatch(a, { ...a, genesisTime: 1, secondsPerSlot: 1 }) ?? "", /^genesis_time/);
  });
});

describe("probe answers", () => {
  const cp = (epoch: string, root: string) => ({ epoch, root });
  const finality = () => ({ data: { previous_justified: cp("3", ROOT), current_justified: cp("4", ROOT), finalized: cp("2", "0x" + "00".repeat(32)) } });

  test("finality_checkpoints", () => {
    assert.deepEqual(parseFinalityCheckpoints(finality()), {
      previousJustified: { epoch: 3, root: ROOT.toLowerCase() },
      currentJustified: { epoch: 4, root: ROOT.toLowerCase() },
      finalized: { epoch: 2, root: "0x" + "00".repeat(32) },
    });
  });

  const badFinality: Array<[string, (d: Record<string, { epoch: unknown; root: unknown }>) => void]> = [
    ["finalized missing", (d) => delete d.finalized],
    ["epoch as a number", (d) => (d.finalized!.epoch = 2)],
    ["epoch FAR_FUTURE", (d) => (d.finalized!.epoch = FAR)],
    ["root of 31 bytes", (d) => (d.current_justified!.root = "0x" + "00".repeat(31))],
    ["root with a space", (d) => (d.previous_justified!.root = " " + ROOT)],
  ];
  for (const [what, edit] of badFinality) {
    test(`finality_checkpoints: ${what} → VERIFY_BAD_FINALITY`, () => {
      const body = finality();
      edit(body.data as Record<string, { epoch: unknown; root: unknown }>);
      assert.equal(codeOf(() => parseFinalityCheckpoints(body)), "VERIFY_BAD_FINALITY");
    });
  }

  const header = () => ({
    data: {
      root: ROOT,
      canonical: true,
      header: {
        message: { slot: "17", proposer_index: "3", parent_root: "0x" + "01".repeat(32), state_root: "0x" + "02".repeat(32), body_root: "0x" + "03".repeat(32) },
        signature: "0x" + "AA".repeat(96),
      },
    },
  });

  test("headers/{id}", () => {
    assert.deepEqual(parseBeaconHeader(header()), {
      root: ROOT.toLowerCase(),
      canonical: true,
      slot: 17,
      proposerIndex: 3,
      parentRoot: "0x" + "01".repeat(32),
      stateRoot: "0x" + "02".repeat(32),
      bodyRoot: "0x" + "03".repeat(32),
      signature: "0x" + "aa".repeat(96),
    });
  });

  const badHeader: Array<[string, (h: ReturnType<typeof header>) => void]> = [
    ["canonical as a string", (h) => ((h.data as Record<string, unknown>).canonical = "true")],
    ["no message", (h) => delete (h.data.header as Record<string, unknown>).message],
    ["slot with a sign", (h) => (h.data.header.message.slot = "+17")],
    ["slot empty", (h) => (h.data.header.message.slot = "")],
    ["signature of 95 bytes", (h) => (h.data.header.signature = "0x" + "aa".repeat(95))],
    ["state_root odd length", (h) => (h.data.header.message.state_root = "0x" + "0".repeat(63))],
  ];
  for (const [what, edit] of badHeader) {
    test(`headers: ${what} → VERIFY_BAD_HEADER`, () => {
      const body = header();
      edit(body);
      assert.equal(codeOf(() => parseBeaconHeader(body)), "VERIFY_BAD_HEADER");
    });
  }
});
