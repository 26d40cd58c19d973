/**
 * The dashboard in a real headless browser (Debian's chromium driven by playwright-core)
 * against the daemon on an embedded devnet: it shows the served slot and one row per
 * upstream with its health, and follows a node that goes dark. Leaves a screenshot in
 * test-artifacts/ for people to look at.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { chromium, type Page } from "playwright-core";
import { resolveConfig } from "../../src/config/index.js";
import { startDaemon } from "../../src/daemon/index.js";
import { eventually } from "../support/eventually.js";
import { ARTIFACTS_DIR } from "../support/paths.js";

const CHROMIUM = process.env.QUORUMPOINT_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const NODES = 5;
const DARK = 4;
const LAGGING = 3;

/** A page in a fresh headless chromium, closed after the test, and the script errors and failed loads it meets. */
async function openPage(t: TestContext): Promise<{ page: Page; errors: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // A failed load shows up as a console error without its URL: judge responses by URL instead.
  page.on("console", (m) => void (m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text())));
  page.on("response", (r) => {
    // /api/lanes answers 404 until the balancer's route exists: the page asks and hides the panel.
    if (r.status() >= 400 && !r.url().endsWith("/api/lanes")) errors.push(`${r.status()} ${r.url()}`);
  });
  return { page, errors };
}

test("dashboard: served slot, one row per upstream with its health, and a node going dark", { skip: process.env.QUORUMPOINT_SKIP_BROWSER === "1" }, async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/ensure-chromium.sh installs it (npm test runs it first), or set QUORUMPOINT_SKIP_BROWSER=1`);
  const { config } = resolveConfig({
    devnet: NODES, stateMb: 0.2, slotMs: 1000, pollIntervalMs: 500, timeoutMs: 1000,
    bind: "127.0.0.1", port: 0, workers: 2, logLevel: "silent",
  });
  const daemon = await startDaemon(config, { logger: pino({ level: "silent" }) });
  t.after(() => daemon.close());
  const { page, errors } = await openPage(t);

  await page.goto(`${daemon.url}/`);
  // The served slot appears, and it is the one the API serves.
  // Locators, not evaluated predicates: the page's CSP forbids eval, which string predicates need.
  await page.locator("#served-slot", { hasText: /^\d+$/ }).waitFor({ timeout: 20_000 });
  const rows = page.locator("#upstreams tbody tr");
  await page.locator('#upstreams tbody tr[data-health="agrees"]').nth(NODES - 1).waitFor({ timeout: 20_000 });
  assert.equal(await rows.count(), NODES);
  const status = (await (await fetch(`${daemon.url}/status`)).json()) as { served: { slot: number } };
  const shown = Number(await page.locator("#served-slot").textContent());
  assert.ok(Math.abs(shown - status.served.slot) <= 3, `dashboard shows slot ${shown}, the API serves ${status.served.slot}`);
  assert.equal(await page.locator("#health").getAttribute("data-reason"), "ok");
  for (let i = 0; i < NODES; i++) assert.equal(await page.locator(`tr[data-upstream="node-${i}"] td`).first().textContent(), `node-${i}`);

  // A node goes dark: its row turns "failing" with the timeout; the others keep agreeing.
  await daemon.devnet!.control.setBehaviour(DARK, "blackhole");
  await page.waitForSelector(`tr[data-upstream="node-${DARK}"][data-health="failing"]`, { timeout: 20_000 });
  assert.match((await page.locator(`tr[data-upstream="node-${DARK}"] td.error`).textContent()) ?? "", /^timeout/);
  // The others agree (allowing a round where finality moved between two polls and they differed for a moment).
  await page.locator('#upstreams tbody tr[data-health="agrees"]').nth(NODES - 2).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#upstreams tbody tr[data-health="failing"]').count(), 1);
  // A node falls behind on the same chain: it still answers, and its row says "lagging", not healthy-and-agreeing.
  await daemon.devnet!.control.setBehaviour(LAGGING, "lagging");
  await page.waitForSelector(`tr[data-upstream="node-${LAGGING}"][data-health="lagging"]`, { timeout: 20_000 });
  // The chart has drawn rounds, and the served slot still shows.
  assert.ok((await page.locator("#chart rect.bar").count()) > 0, "the chart shows round bars");
  assert.match((await page.locator("#quorum-agreeing").textContent()) ?? "", /^\d+ \/ \d+$/);

  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const shot = path.join(ARTIFACTS_DIR, "dashboard.png");
  // A few more rounds on the chart, for people looking at the screenshot.
  const lastRound = () => daemon.pipeline.rounds.list().at(-1)?.round ?? 0;
  const before = lastRound();
  await eventually(() => lastRound() >= before + 3, { timeoutMs: 10_000, intervalMs: 100, message: () => `three more rounds after round ${before} (at ${lastRound()})` });
  await page.screenshot({ path: shot, fullPage: true });
  assert.deepEqual(errors, [], "no script errors in the page");
});

test("dashboard on the beacon chain: the chain, its network, the served epoch and fork", { skip: process.env.QUORUMPOINT_SKIP_BROWSER === "1" }, async (t) => {
  const { config } = resolveConfig({
    chain: "beacon", devnet: 3, devnetPreset: "minimal", pollIntervalMs: 1000, timeoutMs: 900, bind: "127.0.0.1", port: 0, workers: 2, logLevel: "silent",
  });
  const daemon = await startDaemon(config, { logger: pino({ level: "silent" }) });
  t.after(() => daemon.close());
  const { page, errors } = await openPage(t);
  await page.goto(`${daemon.url}/`);
  await page.locator("#served-chain", { hasText: /^beacon · quorumpoint-devnet · epoch \d+ · fulu$/ }).waitFor({ timeout: 30_000 });
  const status = (await (await fetch(`${daemon.url}/status`)).json()) as { beacon: { epoch: number } };
  const shown = Number(/epoch (\d+)/.exec((await page.locator("#served-chain").textContent()) ?? "")?.[1]);
  assert.ok(Math.abs(shown - status.beacon.epoch) <= 1, `dashboard shows epoch ${shown}, the API ${status.beacon.epoch}`);
  await page.locator('#upstreams tbody tr[data-health="agrees"]').nth(2).waitFor({ timeout: 20_000 });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "dashboard-beacon.png"), fullPage: true });
  assert.deepEqual(errors, [], "no script errors in the page");
});
