/**
 * End to end, the built CLI: --metrics-port and --server-metrics options are checked before
 * anything is sent (exit 2), a target whose metrics cannot be scraped never changes the outcome,
 * and against the auto-started demo CRM, `--server-metrics demo` shows its CPU rising with the rate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, makeTempDir, runCli, SCENARIOS } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { freePort } from '../helpers/ports.js';
import { readValidReport } from '../helpers/schema.js';

let target: FaultServer;
let busy: Server;
let busyPort = 0;
const tmp = makeTempDir();

beforeAll(async () => {
  target = await startFaultServer();
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  await target.close();
  await new Promise((r) => busy.close(r));
  tmp.cleanup();
});

describe('bad input: exit 2, one error line, nothing sent', () => {
  it.each([
    ['a metrics port in use', () => ['--metrics-port', String(busyPort)], /^--metrics-port \d+: 127\.0\.0\.1:\d+ is already in use/],
    ['a metrics port that is not a number', () => ['--metrics-port', 'http'], /^--metrics-port "http": expected a port number from 0 to 65535/],
    ['--metrics-host alone', () => ['--metrics-host', '0.0.0.0'], /^--metrics-host: only with --metrics-port/],
    ['--server-metrics with an ftp URL', () => ['--server-metrics', 'ftp://x/metrics'], /^--server-metrics "ftp:\/\/x\/metrics": only http:\/\/ and https:\/\//],
    ['--server-metrics demo with --target', () => ['--server-metrics', 'demo'], /^--server-metrics demo: only without --target/, true],
    ['--server-series alone', () => ['--server-series', 'up'], /^--server-series: only with --server-metrics/],
    ['a bad series name', () => ['--server-metrics', '/metrics', '--server-series', 'http-requests'], /^--server-series "http-requests": expected a metric name/],
  ])('%s', async (_name, extra, message, scenario = false) => {
    target.reset();
    const json = tmp.path('bad.json');
    const what = scenario ? [join(SCENARIOS, 'three-steps.ts'), '--target', target.url] : ['--url', `${target.url}/ok`];
    const r = await runCli(['run', ...what, '--rate', '10', '--duration', '1s', '--json', json, ...extra()]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0].replace('crmload: error: ', '')).toMatch(message);
    expect(target.count()).toBe(0);
    expect(existsSync(json)).toBe(false);
  });
});

describe('--metrics-port and secrets', () => {
  it('a step named after a secret is served redacted, like every other output', async () => {
    target.reset();
    const port = await freePort();
    const token = 'tok-e2e-5ecret-value';
    const run = runCli(['run', join(SCENARIOS, 'secrets.ts'), '--target', target.url, '--rate', '10', '--duration', '3s', '--metrics-port', String(port), '--quiet'],
      { env: { CRM_E2E_TOKEN: token } });
    let text = '';
    for (let i = 0; i < 100 && !text.includes('crmload_requests_total{'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
    }
    await run;
    expect(text).toContain('step="echo ***"');
    expect(text).not.toContain(token);
  });
});

describe('--server-metrics that cannot be scraped', () => {
  it('counts every failed scrape in the report, warns once, and the run passes', async () => {
    target.reset();
    const json = tmp.path('unscrapable.json');
    // The fault server answers 404 to /metrics: a relative path is resolved against the target.
    const r = await runCli(['run', '--url', `${target.url}/ok`, '--rate', '20', '--duration', '2s', '--server-metrics', '/metrics', '--sla', 'p99 < 5s', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/crmload: warning: --server-metrics: a scrape of .*\/metrics failed \(HTTP 404\)/g)).toHaveLength(1);
    const report = readValidReport(json);
    const server = report.serverMetrics!;
    expect(server.url).toBe(`${target.url}/metrics`);
    expect(server.scrapes.succeeded).toBe(0);
    expect(server.scrapes.failed).toBe(server.scrapes.attempted);
    expect(server.scrapes.attempted).toBeGreaterThanOrEqual(2);
    expect(server.failures.every((f) => f.error === 'HTTP 404')).toBe(true);
    expect(server.series.map((s) => [s.metric, s.points.length])).toEqual([['process_cpu_seconds_total', 0], ['process_resident_memory_bytes', 0]]);
    // Scrapes are not load: the target saw exactly the run's requests plus the scrapes, and the report counts only the run's.
    expect(target.countByPath()['/ok']).toBe(report.totals.requests);
  });
});

describe('--server-metrics demo in a two-rate stepped run', () => {
  it("shows the demo CRM's CPU rising with the rate (direction only), on the timeline's time axis", async () => {
    const json = tmp.path('stepped.json');
    const html = tmp.path('stepped.html');
    const r = await runCli([
      'run', join(SCENARIOS, 'demo-list.ts'), '--server-metrics', 'demo',
      '--start-rate', '5', '--stage', '5s:5/s', '--stage', '1s:150/s', '--stage', '5s:150/s', '--max-vus', '200',
      '--json', json, '--html', html, '--quiet',
    ], { timeoutMs: 90_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = readValidReport(json);
    const server = report.serverMetrics!;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(server.scrapes.succeeded).toBeGreaterThanOrEqual(8);
    const cpu = server.series.find((s) => s.metric === 'process_cpu_seconds_total')!;
    expect(cpu.unit).toBe('%');
    const mean = (from: number, to: number) => {
      const values = cpu.points.filter((p) => p.t >= from && p.t < to && p.v !== null).map((p) => p.v!);
      expect(values.length, `CPU points in [${from}, ${to})`).toBeGreaterThanOrEqual(2);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    // 5 iterations/s for 5 s, then 150/s from 6 s on: thirty times the work.
    expect(mean(6.5, 11)).toBeGreaterThan(mean(0.5, 5));
    expect(server.series.some((s) => s.metric === 'demo_http_request_duration_seconds' && s.kind === 'mean' && s.points.some((p) => p.v !== null))).toBe(true);
    const end = report.run.durationMs / 1000 + 1;
    for (const s of server.series) for (const p of s.points) expect(p.t).toBeLessThanOrEqual(end);
    expect(readFileSync(html, 'utf8')).toContain('id="chart-server-metrics"');
  });
});
