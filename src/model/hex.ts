/** 0x-prefixed lowercase hex, the way the lean API spells roots. */
import { QuorumpointError } from "./errors.js";

const HEX_RE = /^0x(?:[0-9a-fA-F]{2})*$/;

export function toHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** True when `s` is 0x-prefixed hex of whole bytes (exactly `byteLength` of them when given). */
export function isHex(s: unknown, byteLength?: number): s is string {
  if (typeof s !== "string" || !HEX_RE.test(s)) return false;
  return byteLength === undefined || s.length === 2 + 2 * byteLength;
}

/** Parse 0x-prefixed hex (either case). Throws SSZ_BAD_HEX on anything else. */
export function fromHex(hex: string, byteLength?: number): Uint8Array {
  if (!isHex(hex, byteLength)) {
    const want = byteLength === undefined ? "" : ` of ${byteLength} bytes`;
    throw new QuorumpointError("SSZ_BAD_HEX", `not 0x hex${want}: ${JSON.stringify(String(hex).slice(0, 80))}`);
  }
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}
