/**
 * A test-only renderer for the subset of Helm's Go templates the chart in
 * deploy/helm/quorumpoint/ uses, so the chart is rendered and validated without a helm
 * binary: `{{ .Values.a.b }}`, `.Release.Name`, `.Chart.Name|Version|AppVersion`,
 * pipelines through `quote` and `toJson`, `{{ if x }}`/`{{ else }}`/`{{ end }}`, and the
 * `{{-`/`-}}` whitespace trims. Anything else is an error (so the chart cannot drift into
 * template features this renderer would silently misread), and so is a missing value.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";

type Node = { kind: "text"; text: string } | { kind: "out"; pipeline: string } | { kind: "if"; cond: string; yes: Node[]; no: Node[] };

export interface ChartContext {
  Values: unknown;
  Release: { Name: string; Namespace: string };
  Chart: { Name: string; Version: string; AppVersion: string };
}

const ACTION = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;

function parseTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { kind: "if" }>; inElse: boolean }> = [];
  const sink = () => (stack.length === 0 ? root : stack.at(-1)!.inElse ? stack.at(-1)!.node.no : stack.at(-1)!.node.yes);
  let at = 0;
  let trimNext = false;
  for (const m of src.matchAll(ACTION)) {
    let text = src.slice(at, m.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (m[1] === "-") text = text.replace(/\s+$/, "");
    if (text !== "") sink().push({ kind: "text", text });
    trimNext = m[3] === "-";
    at = m.index + m[0].length;
    const action = m[2]!;
    if (action.startsWith("if ")) {
      const node: Extract<Node, { kind: "if" }> = { kind: "if", cond: action.slice(3).trim(), yes: [], no: [] };
      sink().push(node);
      stack.push({ node, inElse: false });
    } else if (action === "else") {
      if (stack.length === 0) throw new Error("{{ else }} without {{ if }}");
      stack.at(-1)!.inElse = true;
    } else if (action === "end") {
      if (stack.pop() === undefined) throw new Error("{{ end }} without {{ if }}");
    } else {
      sink().push({ kind: "out", pipeline: action });
    }
  }
  if (stack.length > 0) throw new Error("{{ if }} without {{ end }}");
  let tail = src.slice(at);
  if (trimNext) tail = tail.replace(/^\s+/, "");
  if (tail !== "") root.push({ kind: "text", text: tail });
  return root;
}

function lookup(ctx: ChartContext, ref: string): unknown {
  if (!/^(\.[A-Za-z][A-Za-z0-9]*)+$/.test(ref)) throw new Error(`unsupported template value: ${ref}`);
  let v: unknown = ctx;
  for (const key of ref.slice(1).split(".")) {
    if (v === null || typeof v !== "object" || !(key in v)) throw new Error(`no value at ${ref}`);
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const FUNCTIONS: Record<string, (v: unknown) => unknown> = {
  // Go's quote of a string: JSON's string escaping is the same for the values a chart holds.
  quote: (v) => JSON.stringify(String(v)),
  toJson: (v) => JSON.stringify(v),
};

function evaluate(ctx: ChartContext, pipeline: string): unknown {
  const [head, ...fns] = pipeline.split("|").map((s) => s.trim());
  let v = lookup(ctx, head!);
  for (const f of fns) {
    const fn = FUNCTIONS[f];
    if (fn === undefined) throw new Error(`unsupported template function: ${f}`);
    v = fn(v);
  }
  return v;
}

function print(v: unknown, pipeline: string): string {
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Error(`{{ ${pipeline} }} is not a scalar: pipe it through toJson`);
}

function run(nodes: Node[], ctx: ChartContext): string {
  let out = "";
  for (const n of nodes) {
    if (n.kind === "text") out += n.text;
    else if (n.kind === "out") out += print(evaluate(ctx, n.pipeline), n.pipeline);
    else out += run(evaluate(ctx, n.cond) ? n.yes : n.no, ctx);
  }
  return out;
}

export function renderTemplate(src: string, ctx: ChartContext): string {
  return run(parseTemplate(src), ctx);
}

/** Deep merge of `over` onto `base` (maps merge, anything else replaces), as `helm --set`/`-f` does. */
function merge(base: unknown, over: unknown): unknown {
  if (base === null || over === null || typeof base !== "object" || typeof over !== "object" || Array.isArray(base) || Array.isArray(over)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) out[k] = merge(out[k], v);
  return out;
}

export interface RenderedChart {
  /** Each template file's YAML documents, parsed; empty documents (a false `if`) left out. */
  objects: Array<{ file: string; object: Record<string, unknown> }>;
}

/** Renders every file in `chartDir/templates` with the chart's values.yaml merged with `overrides`. */
export function renderChart(chartDir: string, overrides: Record<string, unknown> = {}, release = "qp"): RenderedChart {
  const chart = parse(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { name: string; version: string; appVersion: string };
  const values = merge(parse(readFileSync(path.join(chartDir, "values.yaml"), "utf8")), overrides);
  const ctx: ChartContext = {
    Values: values,
    Release: { Name: release, Namespace: "default" },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const objects: RenderedChart["objects"] = [];
  const dir = path.join(chartDir, "templates");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const text = renderTemplate(readFileSync(path.join(dir, file), "utf8"), ctx);
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}\n${text}`);
      const object = doc.toJS() as Record<string, unknown> | null;
      if (object !== null) objects.push({ file, object });
    }
  }
  return { objects };
}
