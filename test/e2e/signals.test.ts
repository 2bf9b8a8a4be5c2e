/**
 * End to end: SIGINT / SIGTERM during a run. The first signal stops new work, lets in-flight requests
 * finish within the grace period and writes a partial report marked `aborted` (exit 130 / 143); a
 * second one stops at once, counting what was in flight as `interrupted`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';
import type { Report } from '../../src/report/types.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function expectReconciled(report: Report): void {
  const t = report.totals;
  expect(t.requests).toBe(t.completed + t.failed + t.interrupted);
  for (const step of report.steps) expect(step.requests).toBe(step.completed + step.failed + step.interrupted);
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during a 20 s run', (signal, exitCode) => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  it(`exits ${exitCode} with a partial report marked aborted, counts matching the server`, async () => {
    const json = tmp.path(`${signal}.json`);
    // Signal once the run is under way (the server has seen requests), not at a fixed time after the
    // spawn: a slow start on a busy machine must not turn into a signal during module loading.
    const r = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '50', '--duration', '20s', '--json', json], {
      signals: [{ signal, when: () => server.count() >= 10, afterMs: 1_000 }],
    });
    expect(r.code, r.stderr).toBe(exitCode);
    expect(r.durationMs).toBeLessThan(15_000);
    expect(r.stderr).toContain(`${signal} received`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.abortReason).toBe(signal);
    expectReconciled(report);
    expect(report.totals.requests).toBeGreaterThanOrEqual(10);
    expect(report.totals.requests).toBeLessThan(1000);
    // /ok answers at once, so nothing is left in flight after the grace period.
    expect(report.totals.interrupted).toBe(0);
    expect(server.count()).toBe(report.totals.requests + report.run.warmup.requests);
  });
});

describe('a second SIGINT during the grace period', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  it('stops at once against a target that never answers: exit 130, in-flight requests interrupted', async () => {
    const json = tmp.path('twice.json');
    // More connections than requests in flight, so every request reaches the server.
    const r = await runCli(['run', '--url', `${server.url}/never`, '--rate', '20', '--duration', '20s', '--connections', '200', '--json', json], {
      signals: [
        { signal: 'SIGINT', when: () => server.count() >= 10, afterMs: 500 },
        // Grace is 5 s by default: the second signal comes well inside it.
        { signal: 'SIGINT', whenStderr: /SIGINT received/, afterMs: 300 },
      ],
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.signalsSentAt).toHaveLength(2);
    expect(r.durationMs - r.signalsSentAt[1]).toBeLessThan(3_000);
    expect(r.stderr).toContain('SIGINT again');
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.abortReason).toBe('SIGINT');
    expectReconciled(report);
    expect(report.totals.completed).toBe(0);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.interrupted).toBe(report.totals.requests);
    expect(report.totals.interrupted).toBeGreaterThanOrEqual(10);
    expect(report.totals.errorsByKind.interrupted).toBe(report.totals.interrupted);
    expect(server.count()).toBe(report.totals.requests);
  });
});
