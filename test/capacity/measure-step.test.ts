import { describe, expect, it } from 'vitest';
import { judgeStep, measureStep } from '../../src/capacity/measure-step.js';
import type { Report, SlaResult } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

const p99 = (actual: number, target = 100): SlaResult => ({
  expression: `p99 < ${target}ms`, metric: 'p99', scope: null, op: '<', target, actual, unit: 'ms', passed: actual < target, margin: target - actual,
});
const errors = (actual: number): SlaResult => ({
  expression: 'error_rate < 1%', metric: 'error_rate', scope: null, op: '<', target: 1, actual, unit: '%', passed: actual < 1, margin: 1 - actual,
});

function report(results: SlaResult[], options: { errorRate?: number; saturated?: boolean; lagMax?: number; loopMax?: number; started?: number; dropped?: number } = {}): Report {
  const base = fixtureReport();
  return {
    ...base,
    totals: { ...base.totals, errorRate: options.errorRate ?? 0, dropped: options.dropped ?? 0 },
    sla: { passed: results.every((r) => r.passed), results },
    generator: {
      ...base.generator, saturated: options.saturated ?? false, scheduleLagMaxMs: options.lagMax ?? 3, eventLoopDelayMaxMs: options.loopMax ?? 2,
      offeredRate: 100, achievedRate: options.started ?? 100,
    },
  };
}

describe('judgeStep', () => {
  it.each([
    { name: 'every SLA passed', r: report([p99(50)]), wanted: 'pass' },
    { name: 'an SLA failed', r: report([p99(150)]), wanted: 'fail' },
    { name: 'more than half the requests failed', r: report([errors(60)], { errorRate: 60 }), wanted: 'overload' },
    { name: 'exactly half failed is not an overload', r: report([errors(50)], { errorRate: 50 }), wanted: 'fail' },
    { name: 'passed although the generator lagged: it stands', r: report([p99(50)], { saturated: true }), wanted: 'pass' },
    { name: 'lagged, and a latency bound fails by little', r: report([p99(120)], { saturated: true, lagMax: 15, loopMax: 10 }), wanted: 'generator' },
    { name: 'lagged, and a latency bound fails by far: still not provably the target', r: report([p99(1300)], { saturated: true, lagMax: 15, loopMax: 10 }), wanted: 'generator' },
    { name: 'lagged, and only an error rate failed', r: report([errors(5)], { saturated: true }), wanted: 'generator' },
    { name: 'lagged into an overload', r: report([errors(80)], { saturated: true, errorRate: 80 }), wanted: 'generator' },
  ])('$name: $wanted', ({ r, wanted }) => {
    expect(judgeStep(r, 10)).toBe(wanted);
  });

  it('a lagging generator that did not even start the offered rate owns the step, whatever the SLAs say', () => {
    expect(judgeStep(report([p99(50)], { saturated: true, started: 80 }), 10)).toBe('generator');
    expect(judgeStep(report([p99(2400)], { saturated: true, started: 80, lagMax: 150, loopMax: 100 }), 10)).toBe('generator');
    expect(judgeStep(report([p99(2400)], { started: 80 }), 10)).toBe('fail'); // no lag: the SLAs decide
    // Iterations dropped because every VU was busy waiting for the target count as started.
    expect(judgeStep(report([p99(50)], { saturated: true, started: 80, dropped: 200 }), 10)).toBe('pass');
  });
});

describe('measureStep', () => {
  const base = fixtureReport();
  const run = (overrides: Partial<Report>, concurrency: number) => ({
    index: 3, phase: 'bisect' as const, offeredRate: 120, report: { ...base, ...overrides }, concurrency, windowMs: { from: 2000, to: 8000 }, durationMs: 8123.4,
  });

  it('counts throughput over the timeline buckets inside the window only', () => {
    const timeline = base.timeline.map((p) => ({ ...p, completed: p.t < 2 || p.t >= 8 ? 1000 : 100, errors: 0 }));
    const m = measureStep(run({ timeline }, 1.2));
    expect(m.row.throughput).toBe(100);
    expect(m.row).toMatchObject({ index: 3, phase: 'bisect', offeredRate: 120, durationMs: 8123, predicted: null });
  });

  it("checks Little's law: L against finished per second × mean latency of every finished request", () => {
    const timeline = base.timeline.map((p) => ({ ...p, completed: 90, errors: 10 }));
    const ok = { ...base.latency, count: 900, mean: 20 };
    const failed = { ...base.errorLatency, count: 100, mean: 10 };
    // X = 100/s, W = (900 × 20 + 100 × 10) / 1000 = 19 ms: X × W = 1.9.
    const consistent = measureStep(run({ timeline, latency: ok, errorLatency: failed }, 2.0)).row.little;
    expect(consistent).toEqual({ measured: 2, predicted: 1.9, relativeError: 0.053, consistent: true });
    const off = measureStep(run({ timeline, latency: ok, errorLatency: failed }, 3.8)).row.little;
    expect(off).toMatchObject({ relativeError: 1, consistent: false });
  });

  it('keeps one SLA result per expression, and the service-time quantiles for the model', () => {
    const m = measureStep(run({}, 1));
    expect(m.row.sla.map((s) => s.expression)).toEqual(base.sla.results.map((r) => r.expression));
    expect(m.row.sla[3]).toMatchObject({ passed: false, actual: null, reason: 'no data' });
    expect(m.service!.quantilesMs).toHaveLength(100);
    expect(m.service!.quantilesMs[0]).toBeGreaterThanOrEqual(base.serviceTime.min!);
    expect(m.service!.quantilesMs[99]).toBeLessThanOrEqual(base.serviceTime.max!);
    expect(m.service!.meanMs).toBe(base.serviceTime.mean);
  });
});
