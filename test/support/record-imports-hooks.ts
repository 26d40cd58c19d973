/**
 * Module loader hooks (node:module `register`) that append the URL of every module
 * resolved to the file given as `data.file`: the ES modules a process loads, which
 * `require.cache` does not list. For tests of what each thread loads.
 */
import { appendFileSync } from "node:fs";

let file = "";

export function initialize(data: { file: string }): void {
  file = data.file;
}

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<{ url: string }> {
  const r = await next(specifier, context);
  appendFileSync(file, `${r.url}\n`);
  return r;
}
