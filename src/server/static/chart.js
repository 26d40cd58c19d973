// The live chart: round duration (bars, left axis) and the served finalized slot (step
// line, right axis) over the recent rounds, drawn as inline SVG.

const NS = "http://www.w3.org/2000/svg";
const W = 900;
const H = 240;
const PAD = { left: 56, right: 64, top: 16, bottom: 30 };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A "nice" upper bound and step for an axis reaching `max`. */
function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  return { top: step * Math.ceil(max / step), step };
}

/**
 * Draw `rounds` (RoundSummary list, oldest first) into the <svg> `target`.
 * `intervalMs`: the poll interval, drawn as a dashed line (bars above it overran).
 */
export function renderChart(target, rounds, intervalMs) {
  target.setAttribute("viewBox", `0 0 ${W} ${H}`);
  target.replaceChildren();
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x0 = PAD.left;
  const y0 = PAD.top + plotH;
  target.append(svg("rect", { x: x0, y: PAD.top, width: plotW, height: plotH, class: "plot-bg" }));
  if (rounds.length === 0) {
    target.append(svg("text", { x: x0 + plotW / 2, y: PAD.top + plotH / 2, "text-anchor": "middle", class: "axis-label" }, "waiting for the first round…"));
    return;
  }

  const maxWall = Math.max(intervalMs || 0, ...rounds.map((r) => r.wallMs));
  const ms = niceScale(maxWall);
  const slots = rounds.map((r) => r.servedSlot).filter((s) => s !== null);
  const sMin = slots.length ? Math.min(...slots) : 0;
  const sMax = slots.length ? Math.max(...slots) : 1;
  const sLo = Math.max(0, sMin - 1);
  const sHi = sMax + 1;
  const barW = plotW / rounds.length;
  const yMs = (v) => y0 - (v / ms.top) * plotH;
  const ySlot = (v) => y0 - ((v - sLo) / (sHi - sLo)) * plotH;

  // Left axis: round duration.
  for (let v = 0; v <= ms.top + 1e-9; v += ms.step) {
    const y = yMs(v);
    target.append(svg("line", { x1: x0, x2: x0 + plotW, y1: y, y2: y, class: "grid" }));
    target.append(svg("text", { x: x0 - 6, y: y + 4, "text-anchor": "end", class: "axis ms" }, v >= 1000 ? `${v / 1000}s` : `${v}ms`));
  }
  // Right axis: finalized slot.
  for (const v of [sLo, Math.round((sLo + sHi) / 2), sHi]) {
    target.append(svg("text", { x: x0 + plotW + 6, y: ySlot(v) + 4, class: "axis slot" }, String(v)));
  }

  rounds.forEach((r, i) => {
    const h = Math.max(1, y0 - yMs(r.wallMs));
    const cls = r.overrun ? "bar overrun" : r.outcome === "served-new" || r.outcome === "unchanged" ? "bar" : "bar miss";
    const bar = svg("rect", { x: x0 + i * barW + barW * 0.15, y: y0 - h, width: Math.max(1, barW * 0.7), height: h, class: cls });
    bar.append(svg("title", {}, `round ${r.round}: ${r.wallMs} ms, ${r.ok}/${r.dispatched} ok, ${r.outcome}`));
    target.append(bar);
  });
  if (intervalMs) {
    target.append(svg("line", { x1: x0, x2: x0 + plotW, y1: yMs(intervalMs), y2: yMs(intervalMs), class: "interval" }));
  }

  let d = "";
  rounds.forEach((r, i) => {
    if (r.servedSlot === null) return;
    const x = x0 + i * barW;
    const y = ySlot(r.servedSlot);
    d += d === "" ? `M${x},${y}` : `H${x}V${y}`;
    d += `H${x + barW}`;
  });
  if (d) target.append(svg("path", { d, class: "slot-line" }));

  target.append(svg("text", { x: x0, y: H - 8, class: "axis-label" }, `round ${rounds[0].round}`));
  target.append(svg("text", { x: x0 + plotW, y: H - 8, "text-anchor": "end", class: "axis-label" }, `round ${rounds.at(-1).round}`));
}
