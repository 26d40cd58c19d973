import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { VECTORS_DIR } from "../../support/paths.js";
import { State } from "../../../src/lean/types.js";

test("State type matches the leanSpec state_with_full_history vector", () => {
  const url = path.join(VECTORS_DIR, "devnet4/ssz/test_consensus_containers/test_state_with_full_history.json");
  const v = Object.values(JSON.parse(readFileSync(url, "utf8")))[0] as { serialized: string; root: string };
  const bytes = Buffer.from(v.serialized.slice(2), "hex");
  const value = State.deserialize(bytes);
  assert.equal("0x" + Buffer.from(State.hashTreeRoot(value)).toString("hex"), v.root);
});
