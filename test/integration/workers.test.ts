/**
 * `--workers` against a real loopback server: counts exact, setup() once in the parent with its result
 * in every worker, SIGINT gives one aborted report (130), a crashing worker fails the run naming it
 * (exit 1) with no thread left behind, and a setup() result that cannot cross threads is bad input.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { errorLines, makeTempDir, runCli, SCENARIOS } from '../helpers/cli.js';
import { faultServersForFile, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

const newServer = faultServersForFile();
const tmp = makeTempDir('crmload-workers-');
let server: FaultServer;

// A fresh server per case: every count below is that case's alone.
beforeEach(async () => {
  server = await newServer();
});
afterAll(() => tmp.cleanup());

describe('--workers 2', () => {
  it('open model: the merged count equals the server\'s exactly and the plan\'s arrivals', async () => {
    const json = tmp.path('open.json');
    const r = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '100', '--duration', '2s', '--workers', '2', '--json', json, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = readValidReport(json);
    expect(report.totals.requests).toBe(server.count());
    expect(report.totals.iterations.started + report.totals.dropped).toBe(200);
    expect(report.totals.requests).toBe(report.totals.completed + report.totals.failed + report.totals.interrupted);
    expect(report.run).toMatchObject({ status: 'completed', shard: null, mergedFrom: 2 });
  });

  it('setup() runs once in the parent; every worker uses its result; iterations split exactly', async () => {
    const json = tmp.path('setup.json');
    const r = await runCli(['run', `${SCENARIOS}/setup-shared.mjs`, '--target', server.url, '--vus', '3', '--iterations', '30', '--workers', '2', '--json', json, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = readValidReport(json);
    expect(server.countByPath()['/ok']).toBe(1);
    expect(server.countByPath()['/echo']).toBe(30);
    expect(report.run.setupRequests).toBe(1);
    expect(report.totals.iterations.started).toBe(30);
    expect(report.steps.find((s) => s.name === 'echo')?.completed).toBe(30);
  });

  it('SIGINT: the workers drain, one aborted report, exit 130, counts matching the server', async () => {
    const json = tmp.path('sigint.json');
    const r = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '40', '--duration', '20s', '--workers', '2', '--json', json, '--quiet'], {
      signals: [{ signal: 'SIGINT', when: () => server.count() >= 10, afterMs: 500 }],
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.durationMs).toBeLessThan(15_000);
    const report = readValidReport(json);
    expect(report.run.status).toBe('aborted');
    expect(report.run.abortReason).toBe('SIGINT');
    expect(report.totals.requests).toBe(server.count());
    expect(report.totals.requests).toBe(report.totals.completed + report.totals.failed + report.totals.interrupted);
  });

  it('--abort-on-fail judges the merged data of the workers and stops them all (exit 3)', async () => {
    const json = tmp.path('abort.json');
    const r = await runCli(['run', '--url', `${server.url}/ok`, '--rate', '20', '--duration', '20s', '--workers', '2', '--sla', 'p50 < 0.001ms', '--abort-on-fail', '--abort-eval-delay', '1s', '--json', json, '--quiet']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.durationMs).toBeLessThan(15_000);
    const report = readValidReport(json);
    expect(report.run).toMatchObject({ status: 'aborted', abortReason: 'SLA failed: p50 < 0.001ms' });
    expect(report.totals.requests).toBe(server.count());
  });

  it('a worker that throws fails the run naming its error (exit 1), and the process ends', async () => {
    const r = await runCli(['run', `${SCENARIOS}/worker-throws.mjs`, '--target', server.url, '--rate', '20', '--duration', '10s', '--workers', '2', '--quiet'], { timeoutMs: 30_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^crmload: error: worker [12] of 2 failed: .*boom in a worker thread/)]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(server.count()).toBe(0);
  });

  it('a setup() result that cannot cross to the workers is bad input, said clearly (exit 2)', async () => {
    const r = await runCli(['run', `${SCENARIOS}/setup-unclonable.mjs`, '--target', server.url, '--rate', '20', '--duration', '2s', '--workers', '2', '--quiet']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^crmload: error: setup\(\) of scenario "setup-unclonable" returned a value that cannot be sent to worker threads \(.*\); with --workers, setup\(\) must return plain data/)]);
  });
});
