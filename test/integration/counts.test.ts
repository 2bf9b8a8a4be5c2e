/**
 * Counts reconcile exactly with what the target received (DESIGN §3): the open model's arrival
 * schedule is exact, the closed model and `--iterations` send what they say, and warm-up requests
 * are counted apart but never lost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';
import type { Report } from '../../src/report/types.js';

let server: FaultServer;
const tmp = makeTempDir();

beforeAll(async () => {
  server = await startFaultServer();
});
beforeEach(() => server.reset());
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

async function run(name: string, args: string[]): Promise<Report> {
  const json = tmp.path(`${name}.json`);
  const r = await runCli(['run', '--url', `${server.url}/ok`, ...args, '--json', json, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return readValidReport(json);
}

function expectReconciled(report: Report): void {
  const t = report.totals;
  expect(t.requests).toBe(t.completed + t.failed + t.interrupted);
  const it = t.iterations;
  expect(it.started).toBe(it.completed + it.failed + it.interrupted);
}

describe('counts reconcile with the server', () => {
  it('open model, 200/s for 3 s: exactly 600 requests, as the server saw them', async () => {
    const report = await run('open', ['--rate', '200', '--duration', '3s']);
    expectReconciled(report);
    // Arrival j is due at j × 5 ms; j = 0 … 599 fall inside [0, 3 s).
    expect(report.totals.requests).toBe(600);
    expect(report.totals.iterations.started).toBe(600);
    expect(report.totals.dropped).toBe(0);
    expect(report.totals.completed).toBe(600);
    expect(server.count()).toBe(600);
    expect(server.countByPath()).toEqual({ '/ok': 600 });
  });

  it('closed model, 5 VUs for 2 s: every request sent is a request received', async () => {
    const report = await run('closed', ['--vus', '5', '--duration', '2s']);
    expectReconciled(report);
    expect(report.run.load).toMatchObject({ model: 'closed', vus: 5 });
    expect(report.totals.requests).toBeGreaterThan(50);
    expect(server.count()).toBe(report.totals.requests);
    expect(report.totals.iterations.started).toBe(report.totals.requests);
  });

  it('--iterations 50 with 4 VUs: exactly 50', async () => {
    const report = await run('iterations', ['--iterations', '50', '--vus', '4']);
    expectReconciled(report);
    expect(report.totals.requests).toBe(50);
    expect(report.totals.completed).toBe(50);
    expect(report.totals.iterations).toMatchObject({ started: 50, completed: 50, failed: 0, interrupted: 0 });
    expect(server.count()).toBe(50);
  });

  it('--warmup 1s of 3 s: warm-up requests are counted apart, and nothing is lost', async () => {
    const report = await run('warmup', ['--rate', '50', '--warmup', '1s', '--duration', '3s']);
    expect(report.run.warmupMs).toBe(1000);
    expect(report.run.warmup.requests).toBeGreaterThan(0);
    expect(report.run.warmup.requests).toBeLessThan(150);
    expect(report.totals.requests + report.run.warmup.requests).toBe(server.count());
    // 50/s for 3 s is 150 arrivals in all, split between warm-up and the measured part.
    expect(server.count()).toBe(150);
    expect(report.latency.count).toBe(report.totals.completed);
  });
});
