/**
 * The --server-metrics scraper against a local endpoint whose answers change on each scrape:
 * good pages, an error status, garbage and a hang are counted, listed, and never thrown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeriesSpecs, type SeriesSpec } from '../../src/observability/series-spec.js';
import { ServerScraper, withBasicAuth } from '../../src/observability/server-scraper.js';

type Answer = 'ok' | '500' | 'garbage' | 'hang';
let server: Server;
let url: string;
let script: Answer[] = [];
let served = 0;
let cpu = 0;
let lastAuthorization: string | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    lastAuthorization = request.headers.authorization;
    const answer = script[served++] ?? 'ok';
    if (answer === 'hang') return; // never answers: the scrape times out
    if (answer === '500') return void response.writeHead(500).end('down');
    if (answer === 'garbage') return void response.writeHead(200).end('<html>not metrics{</html>');
    cpu += 0.05;
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ${cpu}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function scraper(onFirstFailure: (m: string) => void): ServerScraper {
  return new ServerScraper({
    url, shownUrl: url, specs: parseSeriesSpecs('process_cpu_seconds_total') as SeriesSpec[], tls: { verify: true },
    now: () => performance.now(), intervalMs: 400, onFirstFailure,
  });
}

async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!predicate() && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
}

describe('ServerScraper', () => {
  it('counts every failure kind, lists it, warns once, and keeps the good scrapes', async () => {
    script = ['ok', '500', 'ok', 'garbage', 'hang', 'ok', 'ok'];
    served = 0;
    const warnings: string[] = [];
    const start = performance.now();
    const s = scraper((m) => warnings.push(m));
    s.start();
    await waitFor(() => served >= 8);
    await s.stop();
    const result = s.result(start);
    expect(result.scrapes.attempted).toBe(result.scrapes.succeeded + result.scrapes.failed);
    // The three scripted failures, in order; on a very busy machine a slow good answer may time out too.
    const errors = result.failures.map((f) => f.error);
    const at500 = errors.indexOf('HTTP 500');
    const atGarbage = errors.findIndex((e) => /^not a Prometheus text exposition/.test(e));
    expect(at500).toBeGreaterThanOrEqual(0);
    expect(atGarbage).toBeGreaterThan(at500);
    expect(errors.lastIndexOf('no answer within 400 ms')).toBeGreaterThan(atGarbage);
    expect(result.scrapes.failed).toBe(errors.length);
    expect(warnings).toEqual([errors[0]]);
    const [cpuSeries] = result.series;
    expect(cpuSeries.unit).toBe('%');
    expect(cpuSeries.points.length).toBeGreaterThanOrEqual(2);
    for (const p of cpuSeries.points) expect(p.t).toBeGreaterThanOrEqual(0);
  });

  it('credentials in the URL become a Basic Authorization header and are never reported', async () => {
    script = [];
    const withCredentials = url.replace('http://', 'http://ops%40crm:s3cr%3At@');
    const shown = url;
    const s = new ServerScraper({
      url: withCredentials, shownUrl: shown, specs: parseSeriesSpecs('process_cpu_seconds_total') as SeriesSpec[], tls: { verify: true },
      now: () => performance.now(), intervalMs: 100,
    });
    s.start();
    await waitFor(() => lastAuthorization !== undefined);
    await s.stop();
    expect(lastAuthorization).toBe(`Basic ${Buffer.from('ops@crm:s3cr:t').toString('base64')}`);
    expect(JSON.stringify(s.result(0))).not.toContain('s3cr');
  });

  it('a refused connection is a counted failure, and stop() returns at once', async () => {
    const closed = new ServerScraper({
      url: 'http://127.0.0.1:1/metrics', shownUrl: 'http://127.0.0.1:1/metrics', specs: [], tls: { verify: true },
      now: () => performance.now(), intervalMs: 100,
    });
    closed.start();
    await new Promise((r) => setTimeout(r, 250));
    await closed.stop();
    await closed.stop(); // a second stop (the CLI's finally after finish) is harmless
    const result = closed.result(0);
    expect(result.scrapes.succeeded).toBe(0);
    expect(result.scrapes.failed).toBeGreaterThanOrEqual(1);
    expect(result.failures[0].error).toMatch(/ECONNREFUSED/);
  });
});

describe('credentials in the --server-metrics URL', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('become a Basic authorization header, percent-decoded, and leave the URL', () => {
    expect(withBasicAuth('http://ops:s%40cret@127.0.0.1:9/metrics')).toEqual({ url: 'http://127.0.0.1:9/metrics', headers: { authorization: basic('ops', 's@cret') } });
  });

  it('a password that is not valid percent-encoding (50%off) is taken as written, not a crash', () => {
    expect(withBasicAuth('http://ops:50%off@127.0.0.1:9/metrics')).toEqual({ url: 'http://127.0.0.1:9/metrics', headers: { authorization: basic('ops', '50%off') } });
  });
});
