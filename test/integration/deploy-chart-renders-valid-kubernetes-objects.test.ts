/**
 * The Helm chart (deploy/helm/quorumpoint/), rendered without a cluster or a helm binary
 * (test/support/helm-render.ts) and every object validated against the Kubernetes JSON
 * schemas that ship in the kubernetes-models package.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { parseUpstreamsFile } from "../../src/config/upstreams.js";
import { renderChart, renderTemplate } from "../support/helm-render.js";
import { REPO_ROOT } from "../support/paths.js";

const CHART = path.join(REPO_ROOT, "deploy/helm/quorumpoint");

/** The schema of each kind the chart may render. */
const MODELS: Record<string, new (o: never) => { validate(): void }> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};

function validate(object: Record<string, unknown>): void {
  const Model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
  assert.ok(Model !== undefined, `no schema for ${String(object.apiVersion)} ${String(object.kind)}`);
  new Model(object as never).validate();
}

// biome-ignore lint/suspicious/noExplicitAny: rendered YAML, read by path in the assertions below
type Obj = Record<string, any>;
const byKind = (objects: Array<{ object: Obj }>, kind: string): Obj | undefined => objects.find((o) => o.object.kind === kind)?.object;

test("the chart renders a ConfigMap, a Deployment, a Service and a PodDisruptionBudget, each valid", () => {
  const { objects } = renderChart(CHART);
  assert.deepEqual(objects.map((o) => o.object.kind).sort(), ["ConfigMap", "Deployment", "PodDisruptionBudget", "Service"]);
  for (const { object } of objects) validate(object);

  const deployment = byKind(objects, "Deployment")!;
  assert.equal(deployment.spec.replicas, 3);
  const pod = deployment.spec.template;
  assert.equal(pod.metadata.annotations["prometheus.io/scrape"], "true");
  assert.equal(pod.metadata.annotations["prometheus.io/path"], "/metrics");
  assert.equal(pod.spec.securityContext.runAsNonRoot, true);
  const [container] = pod.spec.containers;
  assert.equal(container.readinessProbe.httpGet.path, "/readyz");
  assert.equal(container.livenessProbe.httpGet.path, "/healthz");
  const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
  assert.equal(env.QUORUMPOINT_PAIR_WINDOW_MS, "0", "behind the proxy the proxy pins pairs");

  // The mounted upstreams file is one quorumpoint itself reads.
  const upstreams = parseUpstreamsFile(byKind(objects, "ConfigMap")!.data["upstreams.json"]);
  assert.equal(upstreams.length, 3);
  assert.deepEqual(pod.spec.volumes.find((v: Obj) => v.name === "upstreams").configMap.name, byKind(objects, "ConfigMap")!.metadata.name);

  const svc = byKind(objects, "Service")!;
  assert.deepEqual(svc.spec.selector, deployment.spec.selector.matchLabels);
  assert.deepEqual(byKind(objects, "PodDisruptionBudget")!.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
});

test("the memory request covers the daemon's peak RSS measured by the bench", () => {
  const latest = JSON.parse(readFileSync(path.join(REPO_ROOT, "bench/results/latest.json"), "utf8")) as {
    workloads: Array<{ configs: Array<{ config: string; summary: { peakRssMb: number } }> }>;
  };
  const peakMb = Math.max(...latest.workloads.flatMap((w) => w.configs.filter((c) => c.config === "quorumpoint").map((c) => c.summary.peakRssMb)));
  const deployment = byKind(renderChart(CHART).objects, "Deployment")!;
  const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? Number.NaN);
  const { requests, limits } = deployment.spec.template.spec.containers[0].resources;
  console.log(`chart: memory request ${requests.memory}, limit ${limits.memory}; bench peak RSS ${peakMb.toFixed(0)} MB`);
  assert.ok(mib(requests.memory) * 1.048576 >= peakMb, `request ${requests.memory} below the measured peak ${peakMb} MB`);
  assert.ok(mib(limits.memory) >= 2 * mib(requests.memory));
});

test("with autoscaling on, an HPA owns the replica count", () => {
  const { objects } = renderChart(CHART, { autoscaling: { enabled: true } });
  for (const { object } of objects) validate(object);
  const hpa = byKind(objects, "HorizontalPodAutoscaler")!;
  assert.equal(hpa.spec.scaleTargetRef.name, byKind(objects, "Deployment")!.metadata.name);
  assert.equal(byKind(objects, "Deployment")!.spec.replicas, undefined);
});

test("the validator refuses a broken object, and the renderer a missing value or an unknown function", () => {
  const deployment = byKind(renderChart(CHART).objects, "Deployment")!;
  assert.throws(() => validate({ ...deployment, spec: { ...deployment.spec, replicas: "three" } }));
  assert.throws(() => validate({ ...deployment, spec: { ...deployment.spec, selector: undefined } }));
  const ctx = { Values: { a: 1 }, Release: { Name: "r", Namespace: "d" }, Chart: { Name: "c", Version: "1", AppVersion: "1" } };
  assert.equal(renderTemplate("x: {{ .Values.a }}\n{{- if .Values.a }}\ny: {{ .Values.a | quote }}\n{{- end }}\n", ctx), "x: 1\ny: \"1\"\n");
  assert.throws(() => renderTemplate("{{ .Values.b }}", ctx), /no value at \.Values\.b/);
  assert.throws(() => renderTemplate("{{ .Values.a | upper }}", ctx), /unsupported template function/);
  assert.throws(() => renderTemplate("{{ include \"x\" . }}", ctx), /unsupported template value/);
});
