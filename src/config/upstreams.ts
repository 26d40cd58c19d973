/**
 * Upstream lists: `--upstream [name=]URL` (repeatable), the same in the environment
 * (comma- or space-separated) or a config file (strings or {name, url, headers} objects),
 * and the Zig leanpoint's upstreams file `{"upstreams":[{"name","url","path","headers"}]}`.
 * Failures throw `RuleViolation` carrying the one bad entry; the loader names the source.
 *
 * Credentials: a URL's userinfo (`http://user:secret@host`) leaves the URL here and becomes
 * an `authorization: Basic ...` header; an entry's `headers` (e.g. a bearer token, as
 * checkpointz's `beacon.upstreams[].headers`) are checked and kept beside it. Both are sent
 * with every request to that upstream and never shown: a bad entry is shown with its
 * userinfo redacted (`redactUrl`) and its header values masked.
 */
import { redactUrl } from "../model/upstream.js";
import type { UpstreamConfig, UpstreamOption } from "./types.js";
import { invalid } from "./values.js";

export const UPSTREAM_RULE = "an http(s) URL or name=URL, without query or fragment; names and URLs unique";

/** Names end up as metric labels and in /status: keep them short and printable. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@[\]-]{0,63}$/;
const NAME_RULE = "a name of 1..64 letters, digits or ._:@[]- (starting with a letter or digit)";

/** A header name is an RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** A header value: tab, printable ASCII and Latin-1 (what undici sends); no CR, LF, NUL or other controls. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]{0,8192}$/;
const HEADERS_RULE = "headers: an object of header names (RFC 9110 tokens) to string values without CR, LF or other control characters";
/** Set by the poll itself or owned by the HTTP client: an upstream's headers may not replace them. */
const RESERVED_HEADERS = ["host", "accept", "if-none-match", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect", "content-length"];
/** What a config error shows in place of a header value. */
const MASK = "***";

/** An entry as a config error may show it: URLs' userinfo redacted, header values masked. */
function shownEntry(entry: unknown): unknown {
  if (typeof entry === "string") return redactUrl(entry);
  if (entry === null || typeof entry !== "object") return entry;
  if (Array.isArray(entry)) return entry.map(shownEntry);
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, k === "headers" ? maskedHeaders(v) : shownEntry(v)]));
}

function maskedHeaders(v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return MASK;
  return Object.fromEntries(Object.keys(v).map((name) => [name, MASK]));
}

/**
 * `http://Host:5052/base/` -> `http://host:5052/base`, the default name `host:5052`, and the
 * URL's userinfo, if any, as the value of an Authorization header (RFC 7617 Basic, UTF-8).
 */
function normalizeUrl(text: string, shown: unknown): { url: string; defaultName: string; authorization: string | null } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return invalid(UPSTREAM_RULE, shown);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") invalid("an http:// or https:// URL", shown);
  if (u.search !== "" || u.hash !== "") invalid("a base URL without query or fragment", shown);
  let authorization: string | null = null;
  if (u.username !== "" || u.password !== "") {
    let user: string;
    let password: string;
    try {
      [user, password] = [decodeURIComponent(u.username), decodeURIComponent(u.password)];
    } catch {
      return invalid("userinfo with valid percent-escapes", shown);
    }
    if (user.includes(":")) invalid("a user name without ':' (Basic auth)", shown);
    authorization = `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
    u.username = "";
    u.password = "";
  }
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return { url: u.href.replace(/\/+$/, ""), defaultName: `${u.hostname}:${port}`, authorization };
}

function checkName(name: unknown, shown: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) invalid(NAME_RULE, shown);
  return name;
}

/** An entry's `headers`, names lower-cased (unique regardless of case). */
function parseHeaders(raw: unknown, shown: unknown): Map<string, string> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return invalid(HEADERS_RULE, shown);
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value)) invalid(HEADERS_RULE, shown);
    const key = name.toLowerCase();
    if (RESERVED_HEADERS.includes(key)) invalid(`headers other than ${RESERVED_HEADERS.join(", ")}`, shown);
    if (out.has(key)) invalid("each header name once (names are case-insensitive)", shown);
    out.set(key, value);
  }
  return out;
}

/** The upstream, with its headers (the URL's credentials among them) when it has any. */
function upstream(name: string, url: string, authorization: string | null, headers: Map<string, string>, shown: unknown): UpstreamConfig {
  if (authorization !== null) {
    if (headers.has("authorization")) invalid("credentials in the URL or an authorization header, not both", shown);
    headers.set("authorization", authorization);
  }
  return headers.size === 0 ? { name, url } : { name, url, headers: Object.fromEntries(headers) };
}

/**
 * One entry. A string is `name=URL` when the text before the first `=` is not part of a
 * URL (has no "://"), else a bare URL: `a=http://h/?x=1` is named, `http://h/?x=1` is not.
 */
export function parseUpstream(entry: UpstreamOption): UpstreamConfig {
  const shown = shownEntry(entry);
  if (typeof entry === "string") {
    const eq = entry.indexOf("=");
    const named = eq > 0 && !entry.slice(0, eq).includes("://");
    const { url, defaultName, authorization } = normalizeUrl(named ? entry.slice(eq + 1) : entry, shown);
    return upstream(named ? checkName(entry.slice(0, eq).trim(), shown) : defaultName, url, authorization, new Map(), shown);
  }
  // `?? "null"`: a null value would make the loader show the whole raw list instead.
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return invalid(undefined, shown ?? "null");
  const extra = Object.keys(entry).filter((k) => k !== "name" && k !== "url" && k !== "path" && k !== "headers");
  if (extra.length > 0) invalid(`an object with keys name, url, headers (path ignored), not ${extra.join(", ")}`, shown);
  if (typeof entry.url !== "string") invalid("an object with a url string", shown);
  const { url, defaultName, authorization } = normalizeUrl(entry.url, shown);
  const headers = entry.headers === undefined ? new Map<string, string>() : parseHeaders(entry.headers, shown);
  return upstream(entry.name === undefined ? defaultName : checkName(entry.name, shown), url, authorization, headers, shown);
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

/** The text of a leanpoint upstreams file. `path` (leanpoint's health path) is ignored; `headers` are sent. */
export function parseUpstreamsFile(text: string): UpstreamConfig[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // Only where: V8's newer messages quote the text around the error, which may hold a secret.
    const at = /position \d+(?: \(line \d+ column \d+\))?/.exec((e as Error).message)?.[0];
    return invalid(`a JSON file (${at ? `invalid JSON at ${at}` : "invalid JSON"})`);
  }
  const list = (doc as { upstreams?: unknown } | null)?.upstreams;
  if (typeof doc !== "object" || Array.isArray(doc) || !Array.isArray(list)) {
    return invalid('a JSON file {"upstreams":[{"name":..,"url":..,"headers":{..}}]}');
  }
  return addUpstreams(
    [],
    list.map((e: unknown) => parseUpstream(e as UpstreamOption)),
  );
}
