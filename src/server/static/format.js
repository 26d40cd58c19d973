// Small formatting and DOM helpers for the dashboard (no framework, no build step).

/** "0x1234abcd…ef01" : enough of a root to tell two apart at a glance. */
export function shortRoot(root) {
  if (typeof root !== "string" || root.length < 20) return root ?? "—";
  return `${root.slice(0, 10)}…${root.slice(-6)}`;
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Age of an epoch-ms time, relative to `nowMs`. */
export function fmtAge(atMs, nowMs) {
  if (!atMs) return "—";
  const s = Math.max(0, Math.round((nowMs - atMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s ago`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
}

/** Create an element with attributes and children (strings become text nodes: never HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "title") node.title = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Set an element's text by id (text only, never HTML). */
export function setText(id, text) {
  const node = document.getElementById(id);
  if (node) node.textContent = text;
}
