/** Paths tests need, resolved from the compiled file's location (dist/test/support/). */
import { fileURLToPath } from "node:url";
import path from "node:path";

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

/** The leanSpec vectors, vendored into the repository (origin: its README.md). */
export const VECTORS_DIR = path.join(REPO_ROOT, "test/fixtures/lean-vectors");

/** Where tests drop artifacts a person may want to look at (screenshots). Git-ignored. */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "test-artifacts");
