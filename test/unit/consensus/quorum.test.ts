import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decideQuorum, resolveQuorumConfig } from "../../../src/consensus/index.js";
import type { QuorumDecision, QuorumOptions, Vote } from "../../../src/consensus/index.js";
import { QuorumpointError } from "../../../src/model/errors.js";
import { failed, ok, verified } from "./fixtures.js";

const A = verified(100, "main");
const B = verified(100, "fork");
const C = verified(100, "other");
const OLD = verified(96, "main");

interface Row {
  name: string;
  votes: Vote[];
  options?: QuorumOptions;
  expect: { kind: "agreed"; slot: number; root: string; agreeing: number; answering: number; total: number; rule: string }
    | { kind: "no-quorum"; reason: string; best: boolean; answering: number; total: number; rule: string };
}

const rows: Row[] = [
  {
    name: "3 of 4 agree",
    votes: [ok(0, A), ok(1, A), ok(2, B), ok(3, A)],
    expect: { kind: "agreed", slot: 100, root: A.finalized.root, agreeing: 3, answering: 4, total: 4, rule: "3 of 4 configured > 0.5 and >= min-agree 1" },
  },
  {
    name: "2 of 4 split 2-2: a tie, no side picked",
    votes: [ok(0, A), ok(1, B), ok(2, A), ok(3, B)],
    expect: { kind: "no-quorum", reason: "tie", best: false, answering: 4, total: 4, rule: "tie: 2 checkpoints with 2 of 4 answering each" },
  },
  {
    name: "2 of 4 split 2-1-1: a plurality below quorum",
    votes: [ok(0, A), ok(1, B), ok(2, A), ok(3, C)],
    expect: { kind: "no-quorum", reason: "below_quorum", best: true, answering: 4, total: 4, rule: "2 of 4 configured is not > 0.5 (1 more needed)" },
  },
  {
    name: "1 fork of 3",
    votes: [ok(0, A), ok(1, B), ok(2, A)],
    expect: { kind: "agreed", slot: 100, root: A.finalized.root, agreeing: 2, answering: 3, total: 3, rule: "2 of 3 configured > 0.5 and >= min-agree 1" },
  },
  {
    name: "a lagging majority wins the vote (the store refuses to go back)",
    votes: [ok(0, OLD), ok(1, OLD), ok(2, OLD), ok(3, A)],
    expect: { kind: "agreed", slot: 96, root: OLD.finalized.root, agreeing: 3, answering: 4, total: 4, rule: "3 of 4 configured > 0.5 and >= min-agree 1" },
  },
  {
    name: "all failing",
    votes: [failed(0), failed(1), failed(2)],
    expect: { kind: "no-quorum", reason: "no_answers", best: false, answering: 0, total: 3, rule: "0 of 3 polled answered" },
  },
  {
    name: "no upstream at all",
    votes: [],
    expect: { kind: "no-quorum", reason: "no_answers", best: false, answering: 0, total: 0, rule: "0 of 0 polled answered" },
  },
  {
    name: "--quorum 0.66: 2 of 3 passes (0.667 > 0.66)",
    votes: [ok(0, A), ok(1, A), ok(2, B)],
    options: { quorum: 0.66 },
    expect: { kind: "agreed", slot: 100, root: A.finalized.root, agreeing: 2, answering: 3, total: 3, rule: "2 of 3 configured > 0.66 and >= min-agree 1" },
  },
  {
    name: "--quorum 0.66: 3 of 5 fails (0.6)",
    votes: [ok(0, A), ok(1, A), ok(2, B), ok(3, A), ok(4, C)],
    options: { quorum: 0.66 },
    expect: { kind: "no-quorum", reason: "below_quorum", best: true, answering: 5, total: 5, rule: "3 of 5 configured is not > 0.66 (1 more needed)" },
  },
  {
    name: "exactly the quorum share is not enough (3 of 6 at 0.5)",
    votes: [ok(0, A), ok(1, A), ok(2, A), ok(3, B), ok(4, B), ok(5, C)],
    expect: { kind: "no-quorum", reason: "below_quorum", best: true, answering: 6, total: 6, rule: "3 of 6 configured is not > 0.5 (1 more needed)" },
  },
  {
    name: "exactly the quorum share with a decimal quorum (3 of 10 at 0.3)",
    votes: [...[0, 1, 2].map((u) => ok(u, A)), ...[3, 4].map((u) => ok(u, B)), ...[5, 6, 7, 8, 9].map((u) => ok(u, verified(100, `f${u}`)))],
    options: { quorum: 0.3 },
    expect: { kind: "no-quorum", reason: "below_quorum", best: true, answering: 10, total: 10, rule: "3 of 10 configured is not > 0.3 (1 more needed)" },
  },
  {
    name: "--quorum-of answering: failures do not count against the quorum share",
    votes: [ok(0, A), failed(1), failed(2), ok(3, A), failed(4)],
    options: { quorumOf: "answering" },
    expect: { kind: "agreed", slot: 100, root: A.finalized.root, agreeing: 2, answering: 2, total: 5, rule: "2 of 2 answering > 0.5 and >= min-agree 1" },
  },
  {
    name: "--min-agree 2 with a lone answering upstream",
    votes: [ok(0, A), failed(1), failed(2)],
    options: { minAgree: 2, quorumOf: "answering" },
    expect: { kind: "no-quorum", reason: "below_min_agree", best: true, answering: 1, total: 3, rule: "1 of 1 answering > 0.5 but < min-agree 2" },
  },
  {
    name: "a tie above a low quorum is still a tie (2-2-1 at 0.3)",
    votes: [ok(0, A), ok(1, B), ok(2, A), ok(3, B), ok(4, C)],
    options: { quorum: 0.3 },
    expect: { kind: "no-quorum", reason: "tie", best: false, answering: 5, total: 5, rule: "tie: 2 checkpoints with 2 of 5 answering each" },
  },
  {
    name: "same checkpoint, different state roots: not one group (2-2 tie)",
    votes: [ok(0, A), ok(1, A), ok(2, { ...A, stateRoot: B.stateRoot, digest: B.digest }), ok(3, { ...A, stateRoot: B.stateRoot, digest: B.digest })],
    expect: { kind: "no-quorum", reason: "tie", best: false, answering: 4, total: 4, rule: "tie: 2 checkpoints with 2 of 4 answering each" },
  },
  {
    name: "same checkpoint and state root, different bytes: not one group",
    votes: [ok(0, A), ok(1, A), ok(2, { ...A, digest: B.digest })],
    expect: { kind: "agreed", slot: 100, root: A.finalized.root, agreeing: 2, answering: 3, total: 3, rule: "2 of 3 configured > 0.5 and >= min-agree 1" },
  },
  {
    name: "of configured (the default): the dead count, so two live of five cannot decide",
    votes: [ok(0, A), failed(1), failed(2), ok(3, A), failed(4)],
    expect: { kind: "no-quorum", reason: "below_quorum", best: true, answering: 2, total: 5, rule: "2 of 5 configured is not > 0.5 (1 more needed)" },
  },
  {
    name: "of configured: one forked upstream alive among five dead-or-silent is not served",
    votes: [failed(0), failed(1), ok(2, B), failed(3), failed(4)],
    expect: { kind: "no-quorum", reason: "below_quorum", best: true, answering: 1, total: 5, rule: "1 of 5 configured is not > 0.5 (2 more needed)" },
  },
  {
    name: "of configured: three of five agree while two are dead",
    votes: [ok(0, A), failed(1), ok(2, A), failed(3), ok(4, A)],
    expect: { kind: "agreed", slot: 100, root: A.finalized.root, agreeing: 3, answering: 3, total: 5, rule: "3 of 5 configured > 0.5 and >= min-agree 1" },
  },
];

describe("decideQuorum table", () => {
  for (const row of rows) {
    test(row.name, () => {
      const d = decideQuorum(row.votes, row.options);
      assert.equal(d.kind, row.expect.kind);
      assert.equal(d.answering, row.expect.answering);
      assert.equal(d.total, row.expect.total);
      assert.equal(d.rule, row.expect.rule);
      if (d.kind === "agreed" && row.expect.kind === "agreed") {
        assert.deepEqual(d.checkpoint, { slot: row.expect.slot, root: row.expect.root });
        assert.equal(d.agreeing, row.expect.agreeing);
        assert.equal(d.upstreams.length, d.agreeing);
        assert.deepEqual(d.groups[0].upstreams, d.upstreams);
      } else if (d.kind === "no-quorum" && row.expect.kind === "no-quorum") {
        assert.equal(d.reason, row.expect.reason);
        assert.equal(d.best !== undefined, row.expect.best);
      }
    });
  }
});

describe("decideQuorum details", () => {
  test("the winner carries the digest and state root its members served, and groups are best first", () => {
    const d = decideQuorum([ok(3, B), ok(1, A), ok(0, A), ok(2, A)]);
    assert.equal(d.kind, "agreed");
    const a = d as Extract<QuorumDecision, { kind: "agreed" }>;
    assert.equal(a.digest, A.digest);
    assert.equal(a.stateRoot, A.stateRoot);
    assert.deepEqual(a.upstreams, [0, 1, 2]);
    assert.deepEqual(a.groups.map((g) => g.agreeing), [3, 1]);
    assert.deepEqual(a.groups[1].upstreams, [3]);
  });

  test("a tie gives the same groups whatever the order, and no best", () => {
    const one = decideQuorum([ok(0, A), ok(1, B)]);
    const two = decideQuorum([ok(1, B), ok(0, A)]);
    assert.deepEqual(one, two);
    assert.equal(one.kind, "no-quorum");
    assert.equal((one as Extract<QuorumDecision, { kind: "no-quorum" }>).best, undefined);
  });

  test("an upstream voting twice is a caller bug", () => {
    assert.throws(() => decideQuorum([ok(0, A), failed(0)]), (e: unknown) => e instanceof QuorumpointError && e.code === "INTERNAL_DUPLICATE_VOTE");
  });
});

describe("resolveQuorumConfig", () => {
  test("defaults are 0.5, 1 and a share of the configured upstreams", () => {
    assert.deepEqual(resolveQuorumConfig(), { quorum: 0.5, minAgree: 1, quorumOf: "configured" });
    assert.deepEqual(resolveQuorumConfig({ quorum: 0, minAgree: 3, quorumOf: "answering" }), { quorum: 0, minAgree: 3, quorumOf: "answering" });
  });

  for (const [options, setting] of [
    [{ quorum: 1 }, "--quorum"],
    [{ quorum: -0.1 }, "--quorum"],
    [{ quorum: Number.NaN }, "--quorum"],
    [{ minAgree: 0 }, "--min-agree"],
    [{ minAgree: 1.5 }, "--min-agree"],
    [{ quorumOf: "half" as never }, "--quorum-of"],
  ] as const) {
    test(`rejects ${Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join()} naming ${setting}`, () => {
      assert.throws(() => resolveQuorumConfig(options), (e: unknown) => e instanceof QuorumpointError && e.code === "CONFIG_INVALID" && e.detail.setting === setting);
      assert.throws(() => decideQuorum([], options), QuorumpointError);
    });
  }
});
