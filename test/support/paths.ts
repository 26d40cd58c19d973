/** Paths tests need, resolved from the compiled file's location (dist/test/support/). */
import { fileURLToPath } from "node:url";
import path from "node:path";

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

/** `shared/` sits beside the checkout (CI clones main with shared/ beside it). */
export const SHARED_DIR = process.env.QUORUMPOINT_SHARED_DIR ?? path.resolve(REPO_ROOT, "../shared");

export const VECTORS_DIR = path.join(SHARED_DIR, "vectors/lean");

/** Where tests drop artifacts a person may want to look at (screenshots). Git-ignored. */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "test-artifacts");
