/**
 * `--workers` against a real loopback server: counts exact, setup() once in the parent with its result
 * in every worker, SIGINT gives one aborted report (130), a crashing worker fails the run naming it
 * (exit 1) with no thread left behind, a setup() result that cannot cross threads is bad input, and
 * `--metrics-port` serves one merged /metrics for all the workers.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { errorLines, makeTempDir, runCli, SCENARIOS } from '../helpers/cli.js';
import { faultServersForFile, type FaultServer } from '../helpers/fault-server.js';
import { freePort } from '../helpers/ports.js';
import { parseExposition, type ExpositionSample } from '../../src/observability/exposition.js';
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

  it('teardown() runs once in the parent after every worker finished, with setup()\'s result; counted apart', async () => {
    const json = tmp.path('teardown.json');
    const r = await runCli(['run', `${SCENARIOS}/teardown-shared.mjs`, '--target', server.url, '--vus', '3', '--iterations', '30', '--workers', '2', '--sla', 'checks > 99%', '--sla', 'iteration_duration.p95 < 60s', '--json', json, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = readValidReport(json);
    expect(server.countByPath()['/echo']).toBe(30);
    expect(server.countByPath()['/ok']).toBe(3);
    // The workers' checks and iteration durations reach the merged report and its SLAs.
    expect(report.checks).toMatchObject({ passed: 30, failed: 0 });
    expect(report.iterationDuration?.count).toBe(30);
    expect(report.sla.results.map((x) => [x.expression, x.actual !== null, x.passed])).toEqual([['checks > 99%', true, true], ['iteration_duration.p95 < 60s', true, true]]);
    expect(report.run.setupRequests).toBe(1);
    expect(report.run.teardownRequests).toBe(2);
    expect(server.count()).toBe(report.totals.requests + report.run.setupRequests + report.run.teardownRequests!);
  });

  it('SIGINT: teardown() still runs in the parent within the grace period; server count = report + setup + teardown (exit 130)', async () => {
    const json = tmp.path('teardown-sigint.json');
    const r = await runCli(['run', `${SCENARIOS}/teardown-shared.mjs`, '--target', server.url, '--vus', '2', '--duration', '60s', '--workers', '2', '--json', json, '--quiet'], {
      signals: [{ signal: 'SIGINT', when: () => server.count() >= 10, afterMs: 200 }],
    });
    expect(r.code, r.stderr).toBe(130);
    const report = readValidReport(json);
    expect(report.run).toMatchObject({ status: 'aborted', abortReason: 'SIGINT', setupRequests: 1, teardownRequests: 2 });
    expect(server.countByPath()['/ok']).toBe(3);
    expect(server.count()).toBe(report.totals.requests + 1 + 2);
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

  it('a worker whose scenario never yields is terminated past its grace period, the run failing with its name (exit 1), not hanging', async () => {
    const r = await runCli(['run', `${SCENARIOS}/worker-spins.mjs`, '--target', server.url, '--rate', '4', '--duration', '1s', '--grace', '500ms', '--workers', '2', '--quiet'], {
      timeoutMs: 30_000,
      // Once the other worker has sent a request, the run has started and worker 1 is spinning (a fixed
      // delay could fall before a slow start: a stop before the start sends nothing and spins nowhere).
      signals: [{ signal: 'SIGTERM', when: () => server.count() >= 1 }],
    });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['crmload: error: worker 1 of 2 did not stop: its scenario code never yields to the event loop (a loop without await?); terminated, with no report']);
  });

  it('a setup() result that cannot cross to the workers is bad input, said clearly (exit 2)', async () => {
    const r = await runCli(['run', `${SCENARIOS}/setup-unclonable.mjs`, '--target', server.url, '--rate', '20', '--duration', '2s', '--workers', '2', '--quiet']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^crmload: error: setup\(\) of scenario "setup-unclonable" returned a value that cannot be sent to worker threads \(.*\); with --workers, setup\(\) must return plain data/)]);
  });

  it('--metrics-port: one /metrics merging the workers; scraped counts never pass the report\'s, which equals the server\'s', async () => {
    const json = tmp.path('metrics.json');
    const port = await freePort();
    // 400 arrivals, 200 per worker; --server-metrics is scraped by the parent (the fault server answers 404: counted, not fatal).
    const args = ['run', '--url', `${server.url}/ok`, '--rate', '100', '--duration', '4s', '--workers', '2', '--metrics-port', String(port), '--server-metrics', '/metrics', '--json', json, '--quiet'];
    let exited = false;
    const run = runCli(args).finally(() => (exited = true));
    const scrapes: ExpositionSample[][] = [];
    while (!exited) {
      await new Promise((r) => setTimeout(r, 100));
      const body = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => (r.ok ? r.text() : null), () => null);
      if (body !== null) scrapes.push(parseExposition(body).samples);
    }
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    const report = readValidReport(json);
    expect(report.totals.requests).toBe(server.countByPath()['/ok']);
    const total = (samples: ExpositionSample[], name: string) => samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);
    const counts = scrapes.map((s) => total(s, 'crmload_requests_total'));
    expect(counts.some((n) => n > 0 && n < report.totals.requests), `a scrape during the run: ${counts.join(' ')}`).toBe(true);
    counts.slice(1).forEach((n, i) => expect(n).toBeGreaterThanOrEqual(counts[i]));
    expect(counts.at(-1)!).toBeLessThanOrEqual(report.totals.requests);
    // Both workers are in it: one worker alone never sees more than its 200 arrivals (the last
    // scrape is at most a second of snapshots behind the end of a 4 s run).
    expect(counts.at(-1)!).toBeGreaterThan(200);
    for (const samples of scrapes) {
      // One series per label set (merged, not one per worker), and no shard label: the run is not a --shard.
      const series = samples.filter((s) => s.name === 'crmload_requests_total').map((s) => JSON.stringify(s.labels));
      expect(new Set(series).size).toBe(series.length);
      expect(samples.some((s) => 'shard' in s.labels || 'worker' in s.labels)).toBe(false);
      // Every request to /ok completes: the latency histogram counts each one once.
      expect(total(samples, 'crmload_request_latency_seconds_count')).toBe(total(samples, 'crmload_requests_total'));
    }
    expect(report.serverMetrics?.scrapes.attempted).toBeGreaterThanOrEqual(2);
  });
});

