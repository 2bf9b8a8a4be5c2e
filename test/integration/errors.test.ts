/**
 * Every way a request fails is counted, once, by kind (DESIGN §3), against a real misbehaving server:
 * status classes, resets, timeouts as total deadlines (a trickled body too), refused connections.
 * A metric with no data fails its SLA, never passes vacuously.
 */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, type CliResult } from '../helpers/cli.js';
import { faultServersForFile } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';
import type { Report } from '../../src/report/types.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
/** Each case gets its own server, so cases can run at the same time and counts stay exact. */
const server = faultServersForFile();

let runs = 0;
async function run(url: string, args: string[]): Promise<{ r: CliResult; report: Report }> {
  const json = tmp.path(`run-${++runs}.json`);
  const r = await runCli(['run', '--url', url, ...args, '--json', json, '--quiet']);
  expect(r.stderr).not.toMatch(/^\s+at |Unhandled|internal error/m);
  return { r, report: readValidReport(json) };
}

/** A loopback port with nothing listening: bound by us, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function expectAllFailedAs(report: Report, kind: string, requests: number): void {
  const t = report.totals;
  expect(t.requests).toBe(requests);
  expect(t.completed).toBe(0);
  expect(t.interrupted).toBe(0);
  expect(t.failed).toBe(requests);
  expect(t.errorsByKind).toEqual({ [kind]: requests });
  expect(report.errorLatency.count).toBe(requests);
  expect(report.latency.count).toBe(0);
}

describe.concurrent('errors by kind', () => {
  it('503: all http5xx, availability 0, and a latency SLA fails with "no data"', async () => {
    const s = await server();
    const { r, report } = await run(`${s.url}/status?code=503`, ['--rate', '20', '--duration', '2s', '--sla', 'p95 < 200ms']);
    expect(r.code).toBe(3);
    expectAllFailedAs(report, 'http5xx', 40);
    expect(report.totals.statusCodes).toEqual({ '503': 40 });
    expect(report.totals.availability).toBe(0);
    expect(report.totals.errorRate).toBe(100);
    expect(report.latency.p95).toBeNull();
    expect(report.sla.passed).toBe(false);
    expect(report.sla.results[0].passed).toBe(false);
    expect(report.sla.results[0].actual).toBeNull();
    expect(report.sla.results[0].reason).toMatch(/^no data/);
    expect(s.count()).toBe(40);
  });

  it('429: all throttled, availability 0', async () => {
    const s = await server();
    const { r, report } = await run(`${s.url}/status?code=429`, ['--rate', '20', '--duration', '2s']);
    expect(r.code).toBe(0);
    expectAllFailedAs(report, 'throttled', 40);
    expect(report.totals.statusCodes).toEqual({ '429': 40 });
    expect(report.totals.availability).toBe(0);
    expect(s.count()).toBe(40);
  });

  it('404: all http4xx, availability 100 (the server is up) but error rate 100', async () => {
    const s = await server();
    const { r, report } = await run(`${s.url}/status?code=404`, ['--rate', '20', '--duration', '2s']);
    expect(r.code).toBe(0);
    expectAllFailedAs(report, 'http4xx', 40);
    expect(report.totals.availability).toBe(100);
    expect(report.totals.errorRate).toBe(100);
    expect(s.count()).toBe(40);
  });

  it('connection reset: all reset, and no silent retry', async () => {
    const s = await server();
    const { r, report } = await run(`${s.url}/reset`, ['--rate', '20', '--duration', '2s']);
    expect(r.code).toBe(0);
    expectAllFailedAs(report, 'reset', 40);
    expect(report.totals.statusCodes).toEqual({});
    expect(s.count()).toBe(40);
  });

  it('reset mid-body: reset, never a success', async () => {
    const s = await server();
    const { report } = await run(`${s.url}/reset-mid-body`, ['--rate', '10', '--duration', '2s']);
    expectAllFailedAs(report, 'reset', 20);
    expect(s.count()).toBe(20);
  });

  it('/never with --timeout 500ms: all timeout, each recorded at about the timeout', async () => {
    const s = await server();
    const { r, report } = await run(`${s.url}/never`, ['--rate', '10', '--duration', '2s', '--timeout', '500ms']);
    expect(r.code).toBe(0);
    expectAllFailedAs(report, 'timeout', 20);
    // The deadline timer runs on Node's whole-millisecond loop clock: by the fine clock it may fire a
    // little over 1 ms early (998.9 ms was seen for a 1 s deadline), so 2 ms of slack.
    expect(report.errorLatency.min).toBeGreaterThanOrEqual(498);
    expect(report.errorLatency.max).toBeGreaterThanOrEqual(498);
    expect(report.errorLatency.max).toBeLessThanOrEqual(500 + 400);
    expect(s.count()).toBe(20);
  });

  it('/drip (1 byte per 100 ms) with --timeout 1s: the total deadline beats a trickled body', async () => {
    const s = await server();
    const { report } = await run(`${s.url}/drip?interval=100&total=50`, ['--rate', '5', '--duration', '2s', '--timeout', '1s']);
    expectAllFailedAs(report, 'timeout', 10);
    // Headers came back at once: the status is known, but the response never completed. The deadline
    // timer may fire a little over 1 ms early by the fine clock (see /never above).
    expect(report.errorLatency.min).toBeGreaterThanOrEqual(998);
    expect(report.errorLatency.max).toBeLessThanOrEqual(1000 + 400);
    expect(s.count()).toBe(10);
  });

  it('connection refused: all connect, the run lasts its duration, no SLA → exit 0', async () => {
    const port = await closedPort();
    const { r, report } = await run(`http://127.0.0.1:${port}/ok`, ['--rate', '20', '--duration', '2s']);
    expect(r.code).toBe(0);
    expectAllFailedAs(report, 'connect', 40);
    expect(report.totals.availability).toBe(0);
    // The last of the 40 arrivals is due at 1950 ms: the run keeps its schedule, it does not end early.
    expect(report.run.durationMs).toBeGreaterThanOrEqual(1900);
    expect(r.durationMs).toBeGreaterThanOrEqual(1900);
  });

  it('connection refused, closed model: each VU retries at once without crashing; the start reports the refused connections', async () => {
    const port = await closedPort();
    const { r, report } = await run(`http://127.0.0.1:${port}/ok`, ['--vus', '3', '--duration', '1s']);
    expect(r.code).toBe(0);
    expectAllFailedAs(report, 'connect', report.totals.requests);
    expect(report.totals.requests).toBeGreaterThan(3);
    expect(report.generator.start?.connections).toEqual({ total: 3, opened: 0, failed: 3, pending: 0, errorsByKind: { connect: 3 } });
    expect(report.generator.warnings).toContain('3 of 3 connections could not be opened before the start (connect ×3); their requests open them again and are counted as usual');
  });

  it('connection refused with an availability SLA: exit 3', async () => {
    const port = await closedPort();
    const { r, report } = await run(`http://127.0.0.1:${port}/ok`, ['--rate', '20', '--duration', '2s', '--sla', 'availability >= 99%']);
    expect(r.code).toBe(3);
    expectAllFailedAs(report, 'connect', 40);
    expect(report.sla.results[0]).toMatchObject({ passed: false, actual: 0 });
  });
});
