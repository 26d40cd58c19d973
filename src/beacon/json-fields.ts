/**
 * Strict readers for the beacon API's JSON answers: integers are decimal strings that fit a
 * safe integer, roots and versions are 0x hex of an exact length (returned lowercase).
 * Anything else throws a QuorumpointError with the caller's VERIFY_* code, naming the field.
 */
import { QuorumpointError } from "../model/errors.js";
import { isHex } from "../model/hex.js";

export type AnswerCode = `VERIFY_${string}`;

/** The beacon API's "never": an epoch no fork will reach. */
export const FAR_FUTURE_EPOCH = 2n ** 64n - 1n;

const DECIMAL_RE = /^[0-9]{1,20}$/;

/** Reads the fields of one JSON answer, throwing `code` with the field's path on the first bad one. */
export class AnswerReader {
  readonly #code: AnswerCode;
  readonly #answer: string;

  constructor(code: AnswerCode, answer: string) {
    this.#code = code;
    this.#answer = answer;
  }

  fail(path: string, rule: string): never {
    throw new QuorumpointError(this.#code, `${this.#answer}: ${path} ${rule}`, { answer: this.#answer, field: path });
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(path, "is not an object");
    return value as Record<string, unknown>;
  }

  /** `body.data`, the envelope of every beacon API answer. */
  data(body: unknown): Record<string, unknown> {
    return this.object(this.object(body, "body").data, "data");
  }

  string(value: unknown, path: string): string {
    if (typeof value !== "string" || value.length === 0) this.fail(path, value === undefined ? "is missing" : "is not a non-empty string");
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== "boolean") this.fail(path, value === undefined ? "is missing" : "is not a boolean");
    return value;
  }

  /** A uint64 as a decimal string, as a BigInt. */
  bigUint(value: unknown, path: string): bigint {
    if (typeof value !== "string" || !DECIMAL_RE.test(value)) this.fail(path, value === undefined ? "is missing" : "is not a decimal string");
    const n = BigInt(value);
    if (n > FAR_FUTURE_EPOCH) this.fail(path, "exceeds uint64");
    return n;
  }

  /** A decimal string that fits a safe integer. */
  uint(value: unknown, path: string): number {
    const n = this.bigUint(value, path);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(path, "exceeds 2^53");
    return Number(n);
  }

  /** 0x hex of exactly `byteLength` bytes, lowercased. */
  hex(value: unknown, byteLength: number, path: string): string {
    if (!isHex(value, byteLength)) this.fail(path, value === undefined ? "is missing" : `is not 0x hex of ${byteLength} bytes`);
    return value.toLowerCase();
  }

  root(value: unknown, path: string): string {
    return this.hex(value, 32, path);
  }

  checkpoint(value: unknown, path: string): { epoch: number; root: string } {
    const o = this.object(value, path);
    return { epoch: this.uint(o.epoch, `${path}.epoch`), root: this.root(o.root, `${path}.root`) };
  }
}
