/**
 * The capacity search over the real engine and real loopback sockets, against the fault server's
 * known-capacity mode: 2 workers of exactly 25 ms, so 80 requests per second by construction.
 * Short steps (1.5 s, 0.5 s of it warm-up) keep the file around 10 s. What must hold on any machine:
 * counts reconcile with what the server received, the report matches the schema, and the outcome is
 * consistent. The capacity found is checked only within broad bounds, because a busy 2-core machine
 * can make crmload lag (the search then says so and stops, which is also checked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepRunner } from '../../src/capacity/load-step.js';
import { parseSearchOptions } from '../../src/capacity/options.js';
import { runSearch, type SearchResult } from '../../src/capacity/search.js';
import { buildPlan } from '../../src/config/build-plan.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { reportSchemaErrors } from '../helpers/schema.js';

let server: FaultServer;
let result: SearchResult;

beforeAll(async () => {
  server = await startFaultServer({ workers: { count: 2, serviceMs: 25 } });
  const { plan } = buildPlan({ raw: { url: `${server.url}/work`, rate: '1', duration: '1s', sla: ['p99 < 250ms'], grace: '3s' }, runnable: null });
  const search = parseSearchOptions({ start: '40', factor: '2', max: '160', hold: '1.5s', warmupStep: '0.5s', precision: '30%' }, 'constant');
  const runner = new StepRunner({
    plan,
    target: plan.target!,
    settings: search.settings,
    maxVus: null,
    deps: { env: {}, cpuUsage: () => process.cpuUsage(), wallClock: () => new Date() },
    meta: () => ({ runId: 'run-test', version: '0.0.0-test', environment: { node: process.version, platform: 'linux', arch: 'x64', cpus: 2, hostname: 'test', crmloadVersion: '0.0.0-test' }, targetUrl: plan.target!.url, demo: false, abortReason: null }),
  });
  result = await runSearch(
    { ...search, slas: plan.slas.map((s) => s.sla) },
    { runStep: (rate, index, phase) => runner.run(rate, index, phase), stopped: () => false, now: () => performance.now() },
  );
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('capacity against a known-capacity server (2 × 25 ms = 80/s)', () => {
  it('every request sent in every step reached the server, exactly', () => {
    const sent = result.reports.reduce((n, r) => n + r.run.warmup.requests + r.totals.requests, 0);
    const interrupted = result.reports.reduce((n, r) => n + r.totals.interrupted, 0);
    for (const r of result.reports) expect(r.totals.requests).toBe(r.totals.completed + r.totals.failed + r.totals.interrupted);
    // An interrupted request may have been cut before it was written: the server saw at most that many fewer.
    expect(server.count()).toBeLessThanOrEqual(sent);
    expect(server.count()).toBeGreaterThanOrEqual(sent - interrupted);
    expect(server.countByPath()).toEqual({ '/work': server.count() });
  });

  it('each step held its own rate and was judged on its own window', () => {
    const { steps, settings } = result.capacity;
    expect(steps[0]).toMatchObject({ index: 1, phase: 'climb', offeredRate: 40 });
    for (const [i, step] of steps.entries()) {
      expect(step.index).toBe(i + 1);
      expect(result.reports[i].run.load).toMatchObject({ model: 'open', rate: step.offeredRate, durationMs: settings.holdMs });
      expect(result.reports[i].run.warmupMs).toBe(settings.warmupStepMs);
      expect(step.sla).toHaveLength(1);
    }
  });

  it('ends bracketed near 80/s, or names crmload as the limit', () => {
    const { outcome, steps } = result.capacity;
    expect(['bracketed', 'generator']).toContain(outcome.reason);
    if (outcome.reason === 'generator') {
      expect(outcome.generatorLimit).not.toBeNull();
      expect(steps.at(-1)!.verdict).toBe('generator');
      // A rate only with a bracket measured while crmload was healthy.
      expect(outcome.maxSustainableRate === null).toBe(outcome.lowestFailingRate === null);
      return;
    }
    // 2 workers cannot complete more than 80/s: 160/s always fails a 250 ms p99 within 1 s.
    expect(outcome.lowestFailingRate!).toBeGreaterThan(outcome.maxSustainableRate!);
    expect(outcome.maxSustainableRate!).toBeGreaterThanOrEqual(40);
    expect(outcome.maxSustainableRate!).toBeLessThanOrEqual(120);
    expect((outcome.lowestFailingRate! - outcome.maxSustainableRate!) / outcome.maxSustainableRate!).toBeLessThanOrEqual(0.3);
    expect(Math.max(...steps.map((s) => s.throughput))).toBeLessThan(80 * 1.1);
  });

  it('the report with its capacity block matches the shipped schema', () => {
    const chosen = result.reports[0];
    expect(reportSchemaErrors({ ...chosen, capacity: result.capacity })).toEqual([]);
  });
});
