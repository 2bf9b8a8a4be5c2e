/**
 * End to end: `crmload capacity` as a user or a CI job runs it — exit 2 on bad input (every problem,
 * nothing sent), 3 when even the first step fails, 0 when a rate is found, the JSON report with its
 * capacity block valid against the shipped schema, and the HTML report with its charts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, makeTempDir, runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readValidReport } from '../helpers/schema.js';

let server: FaultServer;
const tmp = makeTempDir();
const SHORT = ['--hold', '1.5s', '--warmup-step', '0.5s', '--grace', '2s'];

beforeAll(async () => {
  server = await startFaultServer({ workers: { count: 4, serviceMs: 20 } });
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('crmload capacity: bad input (exit 2, nothing sent)', () => {
  it('reports every problem of the search and the run at once', async () => {
    server.reset();
    const r = await runCli([
      'capacity', '--url', `${server.url}/work`, '--sla', 'p99 < 1s',
      '--start', 'fast', '--step', '10', '--factor', '2', '--hold', '1s', '--warmup-step', '2s', '--precision', '0%', '--arrivals', 'bursty', '--connections', '0',
    ]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    for (const wanted of [/--start "fast"/, /--step and --factor: choose one/, /--hold 1s with --warmup-step 2s/, /--precision "0%"/, /--arrivals "bursty"/, /--connections "0"/]) {
      expect(lines.some((l) => wanted.test(l)), `${wanted} in\n${r.stderr}`).toBe(true);
    }
    expect(lines).toHaveLength(r.stderr.trim().split('\n').length);
    expect(server.count()).toBe(0);
  });

  it.each([
    { name: 'no SLA', args: [], wanted: /needs at least one SLA/ },
    { name: 'a bad SLA', args: ['--sla', 'p99 <'], wanted: /SLA "p99 <"/ },
    { name: '--max below --start', args: ['--sla', 'p99 < 1s', '--start', '50', '--max', '10'], wanted: /--max 10: below --start/ },
    { name: 'a run-only option', args: ['--sla', 'p99 < 1s', '--rate', '10'], wanted: /unknown option '--rate'/ },
    { name: 'an HTML report to stdout', args: ['--sla', 'p99 < 1s', '--html', '-'], wanted: /--html -: this report cannot go to stdout/ },
  ])('$name', async ({ args, wanted }) => {
    server.reset();
    const r = await runCli(['capacity', '--url', `${server.url}/work`, ...args]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr).some((l) => wanted.test(l)), r.stderr).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(server.count()).toBe(0);
  });
});

describe('crmload capacity: outcomes', () => {
  it('the first step fails (every answer a 500): exit 3, no rate, a valid report', async () => {
    const json = tmp.path('first.json');
    const r = await runCli(['capacity', '--url', `${server.url}/status?code=500`, '--sla', 'error_rate < 1%', '--start', '20', ...SHORT, '--json', json, '--quiet']);
    expect(r.code, r.stderr).toBe(3);
    const report = readValidReport(json);
    const capacity = report.capacity!;
    expect(capacity.outcome.maxSustainableRate).toBeNull();
    // More than half failed on step 1; on a machine busy enough to make crmload lag, the search may
    // instead name crmload as the limit: either way no capacity and exit 3.
    expect(['first-step', 'generator']).toContain(capacity.outcome.reason);
    if (capacity.outcome.reason === 'first-step') {
      expect(capacity.steps.at(-1)!.verdict).toBe('overload');
      expect(capacity.steps.slice(0, -1).every((s) => s.verdict === 'generator' && s.offeredRate === 20)).toBe(true); // at most a retry
    }
  });

  it('every step passes up to --max: exit 0, a lower bound, JSON and HTML reports', async () => {
    server.reset();
    const json = tmp.path('max.json');
    const html = tmp.path('max.html');
    const r = await runCli(['capacity', '--url', `${server.url}/work`, '--sla', 'p99 < 1s', '--start', '20', '--factor', '2', '--max', '40', ...SHORT, '--json', json, '--html', html]);
    const report = readValidReport(json);
    const { outcome, steps } = report.capacity!;
    const sent = steps.reduce((n, s) => n + s.requests, 0);
    expect(sent).toBeGreaterThan(0);
    expect(server.count()).toBeGreaterThanOrEqual(sent); // warm-up requests reach it too
    if (outcome.reason === 'generator') {
      // A machine busy enough to make crmload lag twice: said so, no capacity, exit 3.
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/No CRM capacity: crmload was the limit/);
      return;
    }
    expect(r.code, r.stderr).toBe(0);
    expect(outcome).toMatchObject({ reason: 'max', maxSustainableRate: 40, bounded: false });
    expect(steps.at(-1)!.offeredRate).toBe(40);
    expect(report.run.load).toMatchObject({ model: 'open', rate: 40 });
    expect(r.stdout).toMatch(/Max sustainable rate: ≥ 40\.0\/s/);
    expect(r.stderr).toMatch(/crmload: step 1 \(climb\): 20\/s/);
    const page = readFileSync(html, 'utf8');
    for (const id of ['capacity-steps', 'capacity-per-sla', 'chart-capacity-latency', 'chart-capacity-usl']) expect(page).toContain(`id="${id}"`);
    // A saved capacity report re-renders as the search's summary.
    const again = await runCli(['report', json, '--no-color']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Max sustainable rate: ≥ 40\.0\/s/);
  });
});
