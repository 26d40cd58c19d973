/**
 * Content negotiation for the beacon routes (RFC 9110 section 12.5.1): each media range of
 * `Accept` with its q-value; an offered type takes the q of the most specific range that
 * matches it (`type/subtype` over `type/*` over `*\/*`), q=0 refuses it, and among the
 * best the server's order decides. Clients send `*\/*`, a bare type, or a list with
 * q-values (`application/octet-stream;q=1.0,application/json;q=0.9`): all must work.
 */

export const SSZ = "application/octet-stream";
export const JSON_TYPE = "application/json";
export type BeaconMediaType = typeof SSZ | typeof JSON_TYPE;

/** Past this many ranges the rest are ignored: the header is bounded anyway, the work stays small. */
const MAX_RANGES = 32;

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseRanges(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(",").slice(0, MAX_RANGES)) {
    const [media = "", ...params] = part.split(";");
    const [type, subtype] = media.trim().toLowerCase().split("/");
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split("=").map((x) => x.trim().toLowerCase());
      // An unreadable q makes the range count as refused rather than preferred.
      if (k === "q") q = v !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v) ? Number(v) : 0;
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The q a list of ranges gives `offer`, from its most specific matching range; -1 when none matches. */
function qualityOf(ranges: readonly Range[], offer: string): number {
  const [type, subtype] = offer.split("/");
  let best = -1;
  let q = -1;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === "*" ? 1 : r.type === "*" && r.subtype === "*" ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

/**
 * Which of `offers` (in the server's order of preference) to answer with, or null when the
 * client accepts none of them (406). No `Accept` header, or an empty one, takes the first.
 */
export function negotiate(header: string | string[] | undefined, offers: readonly BeaconMediaType[]): BeaconMediaType | null {
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text === undefined || text.trim() === "") return offers[0] ?? null;
  const ranges = parseRanges(text);
  // Nothing readable as a media range: treat as no preference, as most servers do.
  if (ranges.length === 0) return offers[0] ?? null;
  let chosen: BeaconMediaType | null = null;
  let chosenQ = 0;
  for (const offer of offers) {
    const q = qualityOf(ranges, offer);
    if (q > chosenQ) {
      chosen = offer;
      chosenQ = q;
    }
  }
  return chosen;
}
