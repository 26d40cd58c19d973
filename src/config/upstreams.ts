/**
 * Upstream lists: `--upstream [name=]URL` (repeatable), the same in the environment
 * (comma- or space-separated) or a config file (strings or {name, url} objects), and the
 * Zig leanpoint's upstreams file `{"upstreams":[{"name","url","path"}]}`.
 * Failures throw `RuleViolation` carrying the one bad entry; the loader names the source.
 */
import type { UpstreamConfig, UpstreamOption } from "./types.js";
import { invalid } from "./values.js";

export const UPSTREAM_RULE = "an http(s) URL or name=URL, without query or fragment; names and URLs unique";

/** Names end up as metric labels and in /status: keep them short and printable. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@[\]-]{0,63}$/;
const NAME_RULE = "a name of 1..64 letters, digits or ._:@[]- (starting with a letter or digit)";

/** `http://Host:5052/base/` -> `http://host:5052/base`, and the default name `host:5052`. */
function normalizeUrl(text: string, shown: unknown): { url: string; defaultName: string } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return invalid(UPSTREAM_RULE, shown);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") invalid("an http:// or https:// URL", shown);
  if (u.search !== "" || u.hash !== "") invalid("a base URL without query or fragment", shown);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return { url: u.href.replace(/\/+$/, ""), defaultName: `${u.hostname}:${port}` };
}

function checkName(name: unknown, shown: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) invalid(NAME_RULE, shown);
  return name;
}

/**
 * One entry. A string is `name=URL` when the text before the first `=` is not part of a
 * URL (has no "://"), else a bare URL: `a=http://h/?x=1` is named, `http://h/?x=1` is not.
 */
export function parseUpstream(entry: UpstreamOption): UpstreamConfig {
  if (typeof entry === "string") {
    const eq = entry.indexOf("=");
    const named = eq > 0 && !entry.slice(0, eq).includes("://");
    const { url, defaultName } = normalizeUrl(named ? entry.slice(eq + 1) : entry, entry);
    return { name: named ? checkName(entry.slice(0, eq).trim(), entry) : defaultName, url };
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return invalid(undefined, entry);
  const extra = Object.keys(entry).filter((k) => k !== "name" && k !== "url" && k !== "path");
  if (extra.length > 0) invalid(`an object with keys name, url (path ignored), not ${extra.join(", ")}`, entry);
  if (typeof entry.url !== "string") invalid("an object with a url string", entry);
  const { url, defaultName } = normalizeUrl(entry.url, entry);
  return { name: entry.name === undefined ? defaultName : checkName(entry.name, entry), url };
}

/** Adds `more` to `into`, rejecting a URL or a name already present. */
export function addUpstreams(into: UpstreamConfig[], more: readonly UpstreamConfig[]): UpstreamConfig[] {
  for (const up of more) {
    const sameUrl = into.find((u) => u.url === up.url);
    if (sameUrl) invalid(`each URL once (already upstream "${sameUrl.name}")`, up.url);
    const sameName = into.find((u) => u.name === up.name);
    if (sameName) invalid(`unique names (already ${sameName.url})`, `${up.name}=${up.url}`);
    into.push(up);
  }
  return into;
}

/** The value of --upstream from any source: a string list (environment) or array. */
export function parseUpstreamList(raw: unknown): UpstreamConfig[] {
  let entries: unknown[];
  if (typeof raw === "string") entries = raw.split(/[\s,]+/).filter((s) => s !== "");
  else if (Array.isArray(raw)) entries = raw;
  else if (raw !== null && typeof raw === "object") entries = [raw];
  else return invalid();
  return addUpstreams(
    [],
    entries.map((e) => parseUpstream(e as UpstreamOption)),
  );
}

/** The text of a leanpoint upstreams file. `path` (leanpoint's health path) is ignored. */
export function parseUpstreamsFile(text: string): UpstreamConfig[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return invalid(`a JSON file (${(e as Error).message})`);
  }
  const list = (doc as { upstreams?: unknown } | null)?.upstreams;
  if (typeof doc !== "object" || Array.isArray(doc) || !Array.isArray(list)) {
    return invalid('a JSON file {"upstreams":[{"name":..,"url":..}]}');
  }
  return addUpstreams(
    [],
    list.map((e: unknown) => parseUpstream(e as UpstreamOption)),
  );
}
