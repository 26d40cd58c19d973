/**
 * The beacon fixtures captured from a real Lodestar dev chain (test/fixtures/beacon-lodestar/,
 * written by scripts/capture-lodestar-fixtures.ts): each SSZ file has a `.meta.json` beside it
 * saying what it is and what Lodestar itself reported for it.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { BeaconFork } from "../../src/model/beacon.js";
import { REPO_ROOT } from "./paths.js";

export const BEACON_LODESTAR_FIXTURES = path.join(REPO_ROOT, "test/fixtures/beacon-lodestar");

export interface FixtureMeta {
  kind: "state" | "block";
  fork: BeaconFork;
  slot: number;
  /** The file with the bytes, beside this one. */
  file: string;
  /** What the bytes are: the request that returned them, or how they were made. */
  source: string;
  /** `/eth/v1/beacon/states/{slot}/root` (for a block: the state root in its header). */
  stateRoot: string;
  /** `/eth/v1/beacon/blocks/{slot}/root` (for the finalized state: the finalized checkpoint's root). */
  blockRoot: string;
  /** `/eth/v1/beacon/headers/{slot}` as served, when the slot has a block. */
  header: unknown;
  /** Set on the finalized state: the checkpoint `finality_checkpoints` gave when it was captured. */
  finalized?: { epoch: number; root: string };
  /** Set on a block: the JSON file Lodestar served it as, beside this one. */
  json?: string;
  bytes: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
}

/** Every fixture's meta, sorted by kind then slot. */
export async function readFixtureMetas(dir = BEACON_LODESTAR_FIXTURES): Promise<FixtureMeta[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith(".meta.json"));
  const metas = await Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), "utf8")) as FixtureMeta));
  return metas.sort((a, b) => a.kind.localeCompare(b.kind) || a.slot - b.slot || a.file.localeCompare(b.file));
}
