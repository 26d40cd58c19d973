import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { State } from "../../../src/lean/types.js";

test("State type matches the leanSpec state_with_full_history vector", () => {
  const url = new URL("../../../../../shared/vectors/lean/devnet4/ssz/test_consensus_containers/test_state_with_full_history.json", import.meta.url);
  const v = Object.values(JSON.parse(readFileSync(url, "utf8")))[0] as { serialized: string; root: string };
  const bytes = Buffer.from(v.serialized.slice(2), "hex");
  const value = State.deserialize(bytes);
  assert.equal("0x" + Buffer.from(State.hashTreeRoot(value)).toString("hex"), v.root);
});
