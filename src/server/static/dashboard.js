// The quorumpoint dashboard: polls the daemon's JSON endpoints about once a second and
// redraws. Reads only; every value is inserted as text, never as HTML.
import { renderChart } from "./chart.js";
import { el, fmtAge, fmtBytes, fmtMs, setText, shortRoot } from "./format.js";

const POLL_MS = 1000;
/** Rounds kept for the chart (the daemon keeps 240). */
const MAX_ROUNDS = 240;
/** /api/lanes arrives with the balancer; until it answers, ask again only every this many ticks. */
const LANES_RETRY_TICKS = 30;

const view = { rounds: [], lanesAbsentUntil: 0, tick: 0, intervalMs: 0 };

async function getJson(url) {
  const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw Object.assign(new Error(`${url}: HTTP ${res.status}`), { status: res.status });
  return res.json();
}

const PILL = { ok: "pill-ok", starting: "pill-unknown", stale: "pill-bad", no_upstreams: "pill-bad", no_consensus: "pill-warn", missing_bytes: "pill-warn" };

function renderStatus(s) {
  view.intervalMs = s.settings.poll_interval_ms;
  const pill = document.getElementById("health");
  const serving = s.state === "fresh";
  pill.className = `pill ${serving && s.reason !== "ok" ? "pill-warn" : PILL[s.reason] ?? "pill-bad"}`;
  pill.dataset.state = s.state;
  pill.dataset.reason = s.reason;
  pill.textContent = serving ? (s.reason === "ok" ? "serving" : `serving · last round ${s.reason}`) : `not serving · ${s.reason}`;

  const e = s.served;
  setText("served-slot", e ? String(e.slot) : "—");
  const b = s.beacon;
  setText("served-chain", b ? `beacon · ${b.network?.config_name ?? "network not agreed yet"}${b.epoch === null ? "" : ` · epoch ${b.epoch} · ${b.fork}`}` : "lean");
  document.getElementById("card-served").classList.toggle("stale", !serving);
  setText("served-root", e ? e.root : "—");
  setText("served-state-root", e ? e.state_root : "—");
  setText("served-justified", e ? `slot ${e.justified.slot} · ${shortRoot(e.justified.root)}` : "—");
  setText("served-age", e ? `${fmtAge(e.stored_at_ms, s.now_ms)} (confirmed ${fmtAge(e.confirmed_at_ms, s.now_ms)})${serving ? "" : " · STALE"}` : "—");
  setText("served-size", e ? fmtBytes(e.size_bytes) : "—");

  const q = s.quorum;
  setText("quorum-agreeing", q.decision ? `${q.agreeing} / ${q.answering}` : "—");
  setText("quorum-decision", q.decision ? (q.reason ? `${q.decision} (${q.reason})` : q.decision) : "—");
  setText("quorum-rule", q.rule ?? `> ${q.quorum} of ${q.quorum_of}, at least ${q.min_agree}`);
  setText("quorum-outcome", q.outcome ?? "—");
  setText("quorum-upstreams", `${s.upstreams.healthy} healthy of ${s.upstreams.total} · ${q.groups} distinct state${q.groups === 1 ? "" : "s"}`);

  const r = s.last_round;
  setText("round-wall", r ? fmtMs(r.wallMs) : "—");
  setText("round-number", r ? `round ${r.round}` : "");
  setText("round-polls", r ? `${r.ok} ok · ${r.failed} failed · ${r.dispatched} dispatched · ${r.notDispatched} not dispatched` : "—");
  setText("round-abandoned", r ? String(r.abandoned) : "—");
  setText("round-interval", `${fmtMs(s.settings.poll_interval_ms)} · ${s.settings.poll_concurrency} in flight · ${s.settings.workers} workers`);
  setText("updated", `updated ${new Date(s.now_ms).toLocaleTimeString()}`);
  renderConflict(s.finality_conflicts);
}

/** A finality conflict is a safety failure of the network or an attack: say so on top while it lasts. */
function renderConflict(c) {
  const banner = document.getElementById("conflict");
  banner.hidden = !c?.active;
  if (!c?.active || !c.last) return;
  const l = c.last;
  banner.textContent = `Finality conflict: the upstreams' quorum agreed on slot ${l.agreed.slot} (${shortRoot(l.agreed.root)}), ` +
    `which does not extend the served slot ${l.served.slot} (${shortRoot(l.served.root)}). It is not served; ` +
    `the previous checkpoint stays served until it goes stale (${c.total} conflict${c.total === 1 ? "" : "s"} since start).`;
}

/** The daemon's standing of each upstream against the served checkpoint (src/round/upstream-standing.ts). */
const STANDING_PILL = {
  agrees: "pill-ok", lagging: "pill-warn", ahead: "pill-warn", flapping: "pill-warn", undecided: "pill-warn",
  not_polled: "pill-warn", conflicting: "pill-bad", failing: "pill-bad",
};

function renderUpstreams(data) {
  const rows = data.upstreams.map((u) => {
    const health = u.standing;
    const err = u.healthy ? "" : `${u.last_error ?? ""}${u.last_error_message ? `: ${u.last_error_message}` : ""}`;
    return el("tr", { "data-upstream": u.name, "data-health": health, class: `health-${health}` },
      el("td", { title: u.url }, u.name),
      el("td", {}, el("span", { class: `pill ${STANDING_PILL[health] ?? "pill-warn"}` }, health.replace("_", " "))),
      el("td", { class: "num" }, u.last_finalized_slot ?? "—"),
      el("td", { class: "num" }, u.last_justified_slot ?? "—"),
      el("td", { class: "num" }, fmtMs(u.latency_ms)),
      el("td", { class: "num" }, fmtBytes(u.bytes)),
      el("td", { class: "num" }, u.error_total),
      el("td", { class: "error" }, err));
  });
  document.querySelector("#upstreams tbody").replaceChildren(...rows);
  const c = data.consensus;
  setText("upstreams-summary", `${c.responding_upstreams} of ${c.total_upstreams} answering · ${c.agreeing_upstreams} agreeing · ${c.consensus_threshold} needed`);
}

function mergeRounds(fresh) {
  const last = view.rounds.at(-1);
  // A round number going backwards means the daemon restarted: start over.
  if (fresh.length && last && fresh[0].round <= last.round) view.rounds = [];
  view.rounds.push(...fresh);
  if (view.rounds.length > MAX_ROUNDS) view.rounds.splice(0, view.rounds.length - MAX_ROUNDS);
  const overruns = view.rounds.filter((r) => r.overrun).length;
  setText("round-overruns", `${overruns} of the last ${view.rounds.length}`);
  renderChart(document.getElementById("chart"), view.rounds, view.intervalMs);
}

function cell(v) {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** The balancer's lanes, shown as they come (the panel stays hidden until /api/lanes exists). */
function renderLanes(data) {
  const lanes = Array.isArray(data?.lanes) ? data.lanes : [];
  const panel = document.getElementById("lanes-panel");
  panel.hidden = lanes.length === 0;
  if (lanes.length === 0) return;
  document.getElementById("lanes-summary").textContent = data.enabled
    ? `${lanes.length} lane${lanes.length === 1 ? "" : "s"}, ${data.splits} split${data.splits === 1 ? "" : "s"}, ${data.collapses} collapse${data.collapses === 1 ? "" : "s"}`
    : "balancing off (--no-balance)";
  const last = data.last_action ?? data.last_decision;
  document.getElementById("lanes-action").textContent = last ? `round ${last.round}: ${last.kind}: ${last.reason}` : "";
  const cols = Object.keys(lanes[0]);
  document.querySelector("#lanes thead").replaceChildren(el("tr", {}, ...cols.map((c) => el("th", {}, c))));
  document.querySelector("#lanes tbody").replaceChildren(...lanes.map((l) => el("tr", {}, ...cols.map((c) => el("td", {}, cell(l[c]))))));
}

async function tick() {
  view.tick++;
  const since = view.rounds.at(-1)?.round;
  try {
    const [status, ups, rounds] = await Promise.all([
      getJson("/status"), getJson("/api/upstreams"), getJson(since === undefined ? "/api/rounds" : `/api/rounds?since=${since}`),
    ]);
    // The daemon restarted (its rounds start over below what we have): start the chart over.
    if (since !== undefined && (status.last_round?.round ?? 0) < since) view.rounds = [];
    renderStatus(status);
    renderUpstreams(ups);
    mergeRounds(rounds.rounds);
    document.getElementById("offline").hidden = true;
  } catch (err) {
    document.getElementById("offline").hidden = false;
    console.warn(err);
  }
  if (view.tick >= view.lanesAbsentUntil) {
    try {
      renderLanes(await getJson("/api/lanes"));
    } catch {
      view.lanesAbsentUntil = view.tick + LANES_RETRY_TICKS;
    }
  }
}

async function loop() {
  for (;;) {
    const started = Date.now();
    await tick();
    await new Promise((r) => setTimeout(r, Math.max(100, POLL_MS - (Date.now() - started))));
  }
}

loop();
