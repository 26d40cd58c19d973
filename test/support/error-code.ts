/** The code of the QuorumpointError a call throws, for tests: fails on anything else, or on no throw. */
import assert from "node:assert/strict";
import { QuorumpointError } from "../../src/model/errors.js";

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof QuorumpointError, `not a QuorumpointError: ${e instanceof Error ? e.stack : String(e)}`);
    return e.code;
  }
  assert.fail("did not throw");
}
