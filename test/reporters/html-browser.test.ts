/**
 * The HTML report in a real browser (Debian's headless Chromium): it renders from a file:// URL and
 * under Jenkins' strict CSP with no console error, fetches nothing, runs no injected markup, and the
 * charts have a size. In CI a missing Chromium fails the suite; elsewhere it skips with a message.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reporters/html.js';
import { fixtureReport } from '../helpers/report-fixture.js';
import { SCRIPT_INJECTION, ATTR_INJECTION, hostileReport } from './html-hostile-report.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** Jenkins' default Content-Security-Policy for archived HTML. */
const JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";
const CHART_IDS = ['chart-throughput', 'chart-latency-timeline', 'chart-distribution'];

const chromiumMissing = !existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
if (chromiumMissing && !inCi) {
  console.warn(`html-browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium). In CI they fail instead.`);
}

/** What a page said and asked for while it loaded. */
interface PageLog {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.setDefaultTimeout(15_000);
  const log: PageLog = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log.errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('dialog', (d) => { log.dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

async function chartBoxes(page: Page): Promise<Array<{ id: string; width: number; height: number }>> {
  return Promise.all(CHART_IDS.map(async (id) => {
    const box = await page.locator(`svg#${id}`).boundingBox();
    return { id, width: box?.width ?? 0, height: box?.height ?? 0 };
  }));
}

/** The computed background of the first failed SLA row: proves `bgcolor` works without any CSS. */
async function failedRowBackground(page: Page): Promise<string> {
  return page.locator('#sla-table tr.sla-fail').first().evaluate((row) => getComputedStyle(row).backgroundColor);
}

describe.skipIf(chromiumMissing && !inCi)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let server: Server;
  let served = '';
  const serverRequests: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium (CI=${process.env.CI})`);
    dir = await mkdtemp(join(tmpdir(), 'crmload-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    server = createServer((req, res) => {
      serverRequests.push(req.url ?? '');
      if (req.url !== '/') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': JENKINS_CSP }).end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders from a file:// URL with no console error, no request but the page, and visible charts', async () => {
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(fixtureReport()));
    const { page, log } = await openPage(browser, pathToFileURL(file).href);
    expect(log.errors).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(file).href]);
    for (const box of await chartBoxes(page)) {
      expect(box.width, box.id).toBeGreaterThan(500);
      expect(box.height, box.id).toBeGreaterThan(100);
    }
    await expect.poll(() => page.locator('#sla-table').isVisible()).toBe(true);
    expect(await page.locator('#sla-table tr.sla-fail').count()).toBe(3);
    expect(await failedRowBackground(page)).toBe('rgb(251, 213, 213)');
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10 * 1024);
    await page.close();
  });

  it("renders under Jenkins' strict CSP with no violation: charts and table colours survive", async () => {
    served = renderHtml(fixtureReport());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { page, log } = await openPage(browser, url);
    expect(log.errors).toEqual([]);
    expect(log.requests).toEqual([url]);
    for (const box of await chartBoxes(page)) expect(box.width * box.height, box.id).toBeGreaterThan(500 * 100);
    expect(await page.locator('#sla-table').isVisible()).toBe(true);
    expect(await failedRowBackground(page)).toBe('rgb(251, 213, 213)');
    expect(serverRequests.filter((u) => u !== '/' && u !== '/favicon.ico')).toEqual([]);
    await page.close();
  });

  it('runs none of the markup injected into report data and shows it as text', async () => {
    const file = join(dir, 'hostile.html');
    await writeFile(file, renderHtml(hostileReport()));
    const { page, log } = await openPage(browser, pathToFileURL(file).href);
    expect(log.dialogs).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
    const stepNames = await page.locator('#steps-table tbody tr td:first-child').allTextContents();
    expect(stepNames.slice(0, 2)).toEqual([SCRIPT_INJECTION, ATTR_INJECTION]);
    expect(await page.title()).toBe(`crmload report — ${SCRIPT_INJECTION}`);
    await page.close();
  });
});
