/**
 * A real Prometheus (Debian's `prometheus`) scrapes `crmload run --metrics-port` every second, and
 * a PromQL query over the run returns the JSON report's request count, less at most the requests
 * of the last scrape interval. Prometheus runs on a free loopback port with a temp config and data
 * directory and is stopped by PID. Skipped when the binary is missing — except under CI=true,
 * where `.ci/run` installs it and its absence is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/observability/exposition.js';
import { makeTempDir, ROOT, runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { freePort } from '../helpers/ports.js';
import { readValidReport } from '../helpers/schema.js';

const PROMETHEUS = findPrometheus();
const RATE = 50; // iterations per second, one request each
const SCRAPE_INTERVAL_S = 1;
/**
 * Prometheus' last scrape of the run happened at most one interval before the endpoint closed (it
 * stays up until the report is written), so it missed at most RATE × interval requests; one more
 * interval of slack covers a scrape that missed its slot on a busy machine.
 */
const MISSED_AT_MOST = RATE * (SCRAPE_INTERVAL_S + 1);

function findPrometheus(): string | null {
  if (existsSync('/usr/bin/prometheus')) return '/usr/bin/prometheus';
  const which = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`prometheus exited early (code ${child.exitCode})`);
    const ok = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus at ${url} was not ready within ${timeoutMs / 1000} s`);
}

/**
 * Prometheus hands new targets to its scrape loop only every few seconds: wait until it has tried
 * the (not yet listening) crmload endpoint once, so the run is scraped from its first second.
 */
async function waitForFirstScrape(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const body = await fetch(`${url}/api/v1/targets`).then((r) => r.json() as Promise<{ data: { activeTargets: Array<{ lastScrape: string }> } }>, () => null);
    const target = body?.data.activeTargets[0];
    if (target && !target.lastScrape.startsWith('0001-')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus at ${url} did not try its target within ${timeoutMs / 1000} s`);
}

function stopByPid(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}

interface QueryResult {
  status: string;
  error?: string;
  data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

async function queryAll(url: string, promql: string, at?: number): Promise<QueryResult> {
  const time = at === undefined ? '' : `&time=${at}`;
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}${time}`);
  return (await response.json()) as QueryResult;
}

async function query(url: string, promql: string): Promise<number | null> {
  const body = await queryAll(url, promql);
  expect(body.status).toBe('success');
  const [first] = body.data!.result;
  return first ? Number(first.value[1]) : null;
}

/** The Grafana dashboard's queries, with its variables as Grafana would fill them for "All". */
function dashboardQueries(): Array<{ panel: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs', 'grafana', 'crmload.json'), 'utf8')) as {
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => ({
    panel: p.title,
    expr: t.expr.replaceAll('$__rate_interval', '4s').replaceAll('$__range', '1m').replace(/\$(job|scenario|shard)\b/g, '.*'),
  })));
}

/** Panels that must show data for an open-model run without errors (the others may be empty). */
const PANELS_WITH_DATA = [
  'Requests (after warm-up)', 'p95 latency', 'Request rate by step', 'Latency p50 / p95 / p99', 'p95 latency by step', 'Status classes',
  'Service time p50 / p99', 'Active and target VUs', 'Offered vs achieved iteration rate', 'Generator health: event-loop delay and schedule lag',
  'Generator health: CPU and memory',
];

if (!PROMETHEUS && process.env.CI === 'true') {
  describe('real Prometheus', () => {
    it('needs the prometheus binary under CI (.ci/run installs it with apt-get)', () => {
      throw new Error('prometheus is not installed, and CI=true: .ci/run must install it (apt-get install prometheus)');
    });
  });
}

describe.skipIf(!PROMETHEUS)(`real Prometheus scraping --metrics-port${PROMETHEUS ? '' : ' (skipped: no prometheus binary; apt-get install prometheus)'}`, () => {
  const tmp = makeTempDir('crmload-prometheus-');
  let target: FaultServer;
  let prometheus: ChildProcess | null = null;
  let promUrl = '';
  let metricsPort = 0;

  beforeAll(async () => {
    target = await startFaultServer();
    metricsPort = await freePort();
    const webPort = await freePort();
    promUrl = `http://127.0.0.1:${webPort}`;
    writeFileSync(tmp.path('prometheus.yml'), [
      'global:',
      `  scrape_interval: ${SCRAPE_INTERVAL_S}s`,
      `  scrape_timeout: ${SCRAPE_INTERVAL_S}s`,
      'scrape_configs:',
      '  - job_name: crmload',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${metricsPort}']`,
      '',
    ].join('\n'));
    prometheus = spawn(PROMETHEUS!, [
      `--config.file=${tmp.path('prometheus.yml')}`, `--storage.tsdb.path=${tmp.path('data')}`,
      `--web.listen-address=127.0.0.1:${webPort}`, '--log.level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    prometheus.stderr!.resume();
    await waitReady(promUrl, prometheus);
    await waitForFirstScrape(promUrl);
  });

  afterAll(async () => {
    if (prometheus) await stopByPid(prometheus);
    await target?.close();
    tmp.cleanup();
  });

  it('a PromQL query over the run returns the report\'s request count (± the last scrape interval)', async () => {
    const json = tmp.path('report.json');
    let midRun: string | null = null;
    const run = runCli(['run', '--url', `${target.url}/ok`, '--rate', String(RATE), '--duration', '6s', '--metrics-port', String(metricsPort), '--json', json], { timeoutMs: 60_000 });
    // Read the endpoint ourselves once, mid-run: it parses with the same parser as --server-metrics uses.
    for (let i = 0; i < 100 && midRun === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (target.count() < RATE) continue;
      midRun = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => (r.ok ? r.text() : null), () => null);
    }
    const result = await run;
    const endedAt = Date.now() / 1000;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`crmload: serving metrics at http://127.0.0.1:${metricsPort}/metrics`);
    expect(midRun).not.toBeNull();
    expect(parseExposition(midRun!).samples.some((s) => s.name === 'crmload_requests_total' && s.labels.step === 'GET /ok')).toBe(true);

    const report = readValidReport(json);
    expect(report.totals.requests).toBe(target.count());
    // The endpoint is closed once the report is written.
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();

    const scraped = await query(promUrl, 'sum(max_over_time(crmload_requests_total{job="crmload"}[10m]))');
    const samples = await query(promUrl, 'max(count_over_time(crmload_requests_total{job="crmload"}[10m]))');
    expect(samples).toBeGreaterThanOrEqual(3);
    expect(scraped).not.toBeNull();
    expect(scraped!).toBeLessThanOrEqual(report.totals.requests);
    expect(report.totals.requests - scraped!).toBeLessThanOrEqual(MISSED_AT_MOST);
    expect(await query(promUrl, 'max_over_time(crmload_run_info{job="crmload",model="open"}[10m])')).toBe(1);
    const p99 = await query(promUrl, 'histogram_quantile(0.99, sum by (le) (max_over_time(crmload_request_latency_seconds_bucket{job="crmload"}[10m])))');
    expect(p99).toBeGreaterThan(0);
    expect(p99!).toBeLessThanOrEqual(30);

    // Every query of docs/grafana/crmload.json is valid PromQL, and the main panels show this run.
    const withData = new Set<string>();
    for (const { panel, expr } of dashboardQueries()) {
      const body = await queryAll(promUrl, expr, endedAt - 2);
      expect(body.error, `${panel}: ${expr}`).toBeUndefined();
      expect(body.status).toBe('success');
      if (body.data!.result.some((r) => Number.isFinite(Number(r.value[1])))) withData.add(panel);
    }
    expect(PANELS_WITH_DATA.filter((p) => !withData.has(p))).toEqual([]);
  });
});
