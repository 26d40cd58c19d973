import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseValidatorConfig, upstreamsFileFor } from "../../../scripts/quickstart-upstreams.js";
import { resolveConfig } from "../../../src/config/index.js";
import { REPO_ROOT } from "../../support/paths.js";

test("a lean-quickstart validator-config.yaml becomes an upstreams file serve accepts", () => {
  const yaml = readFileSync(path.join(REPO_ROOT, "test/fixtures/validator-config.yaml"), "utf8");
  const file = upstreamsFileFor(parseValidatorConfig(yaml));
  assert.deepEqual(file.upstreams.map((u) => [u.name, u.url]), [
    ["zeam_0", "http://127.0.0.1:5051"],
    ["zeam_1", "http://10.0.0.7:5052"],
    ["ethlambda_0", "http://[::1]:5053"],
  ]);
  const { config } = resolveConfig({ upstreamsConfig: "u.json" }, () => JSON.stringify(file));
  assert.deepEqual(config.upstreams.map((u) => u.name), ["zeam_0", "zeam_1", "ethlambda_0"]);
});

test("a node without apiPort, or a file without validators, is an error naming it", () => {
  assert.throws(() => parseValidatorConfig("validators:\n  - name: x\n    enrFields:\n      ip: 1.2.3.4\n"), /validator x: no valid apiPort/);
  assert.throws(() => parseValidatorConfig("config:\n  a: 1\n"), /no top-level 'validators:'/);
});
