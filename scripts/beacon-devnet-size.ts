/**
 * How a beacon devnet of N validators (mainnet preset) does: start time, the first
 * finalized state's download, one epoch of finality, and (unless --no-verify) the state's
 * hash_tree_root checked with @lodestar/types, with the process's peak RSS.
 *
 *   node dist/scripts/beacon-devnet-size.js 1000000 [--no-verify]
 */
import { startDevnet } from "../src/devnet/index.js";
import { BEACON_PATHS } from "../src/devnet/beacon/paths.js";
import { toHex } from "../src/model/hex.js";

const validators = Number(process.argv[2] ?? 1_000_000);
const verify = !process.argv.includes("--no-verify");
const ms = (t: number): number => Math.round(performance.now() - t);

let t = performance.now();
const dn = await startDevnet({ chain: "beacon", nodes: 2, validators, clock: "paused" });
const startMs = ms(t);
try {
  t = performance.now();
  const x = await dn.control.advanceFinality();
  const epochMs = ms(t);
  t = performance.now();
  const res = await fetch(dn.urls[0] + BEACON_PATHS.finalizedState, { headers: { accept: "application/octet-stream" } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const downloadMs = ms(t);
  let verified: boolean | null = null;
  let verifyMs: number | null = null;
  if (verify) {
    t = performance.now();
    const { ssz } = await import("@lodestar/types");
    verified = toHex(ssz.fulu.BeaconState.deserializeToViewDU(bytes).hashTreeRoot()) === x.stateRoot;
    verifyMs = ms(t);
  }
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ validators, startMs, epochMs, downloadMs, bytes: bytes.length, verified, verifyMs, maxRssMb: rssMb })}\n`);
  if (verified === false) process.exitCode = 1;
} finally {
  await dn.close();
}
