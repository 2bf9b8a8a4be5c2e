import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LatencyStats, StatsBlock } from '../../src/report/types.js';
import { evaluateSlas } from '../../src/sla/evaluate.js';
import { parseSla } from '../../src/sla/parse.js';
import type { SlaSource } from '../../src/sla/types.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';

// Wraps the real decoder so the tests can count decodes.
vi.mock('../../src/metrics/histogram.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/metrics/histogram.js')>();
  return { ...real, decodeHistogram: vi.fn(real.decodeHistogram) };
});

function encode(valuesMs: number[]): string {
  const histogram = build({ numberOfSignificantValueDigits: 3 });
  for (const value of valuesMs) histogram.recordValue(Math.round(value * 1000));
  return encodeIntoCompressedBase64(histogram);
}

const EMPTY_HDR = encode([]);

function noLatency(): LatencyStats {
  return {
    unit: 'ms', count: 0, min: null, mean: null, stdev: null,
    p50: null, p75: null, p90: null, p95: null, p99: null, p999: null, max: null, hdr: EMPTY_HDR,
  };
}

function latency(overrides: Partial<LatencyStats> = {}): LatencyStats {
  return {
    unit: 'ms', count: 100, min: 1, mean: 50, stdev: 10,
    p50: 40, p75: 60, p90: 80, p95: 90, p99: 99, p999: 99.9, max: 120, hdr: EMPTY_HDR, ...overrides,
  };
}

function block(overrides: Partial<StatsBlock> = {}): StatsBlock {
  return {
    requests: 100, completed: 99, failed: 1, interrupted: 0, bytesIn: 0, bytesOut: 0,
    throughput: 20, availability: 99.5, errorRate: 1, errorsByKind: {}, statusCodes: {},
    latency: latency(), serviceTime: latency({ p95: 70 }), errorLatency: noLatency(),
    stability: { windowP99: 150, throughputCv: 0.05 }, iterationsPerSecond: 5, ...overrides,
  };
}

/** A source shaped like a Report: totals plus top-level distributions, one step, one scenario. */
function source(overrides: Partial<SlaSource> = {}): SlaSource {
  const { latency: total, serviceTime, stability, ...counters } = block();
  return {
    totals: { ...counters, dropped: 3, iterationsPerSecond: 5 },
    latency: total,
    serviceTime,
    stability,
    steps: [{ ...block({ latency: latency({ p95: 300 }), throughput: 7 }), name: 'GET /api/leads/:id' }],
    scenarios: [{ ...block({ availability: 97, throughput: 9 }), name: 'lead-to-opportunity', iterations: { dropped: 2 } }],
    ...overrides,
  };
}

function evaluateOne(expression: string, from: SlaSource = source()) {
  return evaluateSlas([parseSla(expression)], from).results[0];
}

describe('evaluateSlas: comparison and margin', () => {
  // Run-wide p95 is 90 ms.
  it.each([
    { name: '< passes below', expression: 'p95 < 100ms', passed: true, margin: 10 },
    { name: '< fails at equality', expression: 'p95 < 90ms', passed: false, margin: 0 },
    { name: '< fails above', expression: 'p95 < 80ms', passed: false, margin: -10 },
    { name: '<= passes at equality', expression: 'p95 <= 90ms', passed: true, margin: 0 },
    { name: '<= fails above', expression: 'p95 <= 89.5ms', passed: false, margin: -0.5 },
    { name: '> passes above', expression: 'p95 > 50ms', passed: true, margin: 40 },
    { name: '> fails at equality', expression: 'p95 > 90ms', passed: false, margin: 0 },
    { name: '>= passes at equality', expression: 'p95 >= 90ms', passed: true, margin: 0 },
    { name: '>= fails below', expression: 'p95 >= 0.1s', passed: false, margin: -10 },
    { name: '== passes at equality', expression: 'p95 == 90ms', passed: true, margin: 0 },
    { name: '== fails above target', expression: 'p95 == 80ms', passed: false, margin: -10 },
    { name: '== fails below target', expression: 'p95 == 100ms', passed: false, margin: -10 },
    { name: 'margin without float noise', expression: 'mean < 50.3ms', passed: true, margin: 0.3 },
  ])('$name ($expression)', ({ expression, passed, margin }) => {
    const result = evaluateOne(expression);
    expect(result).toMatchObject({ expression, actual: expression.startsWith('mean') ? 50 : 90, passed, margin });
    expect(result.reason).toBeUndefined();
  });

  it('reports the canonical target and unit', () => {
    expect(evaluateOne('throughput > 600/m')).toMatchObject({
      metric: 'throughput', scope: null, op: '>', target: 10, actual: 20, unit: '/s', passed: true, margin: 10,
    });
  });
});

describe('evaluateSlas: metrics and scopes', () => {
  it.each([
    { name: 'latency percentile', expression: 'p99 < 1s', actual: 99 },
    { name: 'p99.9 reads p999', expression: 'p99.9 < 1s', actual: 99.9 },
    { name: 'min', expression: 'min < 1s', actual: 1 },
    { name: 'mean', expression: 'mean < 1s', actual: 50 },
    { name: 'max', expression: 'max < 1s', actual: 120 },
    { name: 'p(100) is the exact max', expression: 'p(100) < 1s', actual: 120 },
    { name: 'service time', expression: 'service.p95 < 1s', actual: 70 },
    { name: 'throughput', expression: 'throughput > 1', actual: 20 },
    { name: 'iterations per second', expression: 'iterations > 1', actual: 5 },
    { name: 'availability', expression: 'availability > 1%', actual: 99.5 },
    { name: 'error_rate', expression: 'error_rate < 5%', actual: 1 },
    { name: 'dropped in total', expression: 'dropped < 5', actual: 3 },
    { name: 'window.p99', expression: 'window.p99 < 1s', actual: 150 },
    { name: 'throughput_cv', expression: 'throughput_cv < 10%', actual: 0.05 },
    { name: 'step latency', expression: 'p95{step="GET /api/leads/:id"} < 1s', actual: 300 },
    { name: 'step throughput', expression: 'throughput{step="GET /api/leads/:id"} > 1', actual: 7 },
    { name: 'scenario availability', expression: 'availability{scenario="lead-to-opportunity"} > 1%', actual: 97 },
    { name: 'scenario throughput', expression: 'throughput{scenario="lead-to-opportunity"} > 1', actual: 9 },
    { name: 'scenario dropped', expression: 'dropped{scenario="lead-to-opportunity"} < 5', actual: 2 },
  ])('$name ($expression)', ({ expression, actual }) => {
    expect(evaluateOne(expression)).toMatchObject({ actual, passed: true });
  });
});

describe('evaluateSlas: no data fails, never passes vacuously', () => {
  const empty = source({
    totals: { ...source().totals, requests: 0, completed: 0, failed: 0, throughput: 0, availability: null, errorRate: null },
    latency: noLatency(),
    serviceTime: noLatency(),
    stability: { windowP99: null, throughputCv: null },
  });

  it.each([
    { name: 'latency without samples', expression: 'p95 < 200ms', detail: 'no successful samples' },
    { name: 'p(N) without samples', expression: 'p(99.5) < 200ms', detail: 'no successful samples' },
    { name: 'stat without samples', expression: 'max > 0', detail: 'no successful samples' },
    { name: 'service time without samples', expression: 'service.p95 < 200ms', detail: 'no successful samples' },
    { name: 'throughput with zero requests', expression: 'throughput >= 0', detail: 'no requests' },
    { name: 'iterations with zero requests', expression: 'iterations >= 0', detail: 'no iterations' },
    { name: 'availability null', expression: 'availability >= 0%', detail: 'no finished requests' },
    { name: 'error_rate null', expression: 'error_rate <= 100%', detail: 'no finished requests' },
    { name: 'window.p99 null', expression: 'window.p99 < 1s', detail: 'no successful samples' },
    { name: 'throughput_cv null', expression: 'throughput_cv < 1', detail: 'needs two 10 s windows, a run of 20 s or more, with requests' },
  ])('$name ($expression)', ({ expression, detail }) => {
    expect(evaluateOne(expression, empty)).toMatchObject({
      passed: false, actual: null, margin: null, reason: `no data (${detail})`,
    });
  });

  it.each([
    { name: 'unknown step', expression: 'p95{step="nope"} < 1s', detail: 'no step named "nope"' },
    { name: 'unknown scenario', expression: 'p95{scenario="nope"} < 1s', detail: 'no scenario named "nope"' },
    { name: 'dropped per step', expression: 'dropped{step="GET /api/leads/:id"} == 0', detail: 'dropped iterations are counted per scenario' },
  ])('$name ($expression)', ({ expression, detail }) => {
    const result = evaluateOne(expression);
    expect(result).toMatchObject({ passed: false, actual: null, margin: null });
    expect(result.reason).toMatch(/^no data \(/);
    expect(result.reason).toContain(detail);
  });

  it('a step without iterationsPerSecond has no iterations data', () => {
    const step = { ...block(), name: 'x' };
    delete step.iterationsPerSecond;
    expect(evaluateOne('iterations{step="x"} > 0', source({ steps: [step] })).reason).toBe('no data (no iterations)');
  });
});

describe('evaluateSlas: percentiles recomputed from the hdr histogram', () => {
  const values = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
  // The precomputed fields are deliberately off, to tell them apart from recomputed values.
  const measured = latency({ count: 1000, min: 1, max: 1000, p95: 123, hdr: encode(values) });
  const decode = vi.mocked(decodeHistogram);
  beforeEach(() => {
    decode.mockClear();
  });

  it('computes p(99.5) from the histogram, in ms', () => {
    const actual = evaluateOne('p(99.5) < 2s', source({ latency: measured })).actual;
    expect(actual).toBeGreaterThanOrEqual(995);
    expect(actual).toBeLessThanOrEqual(995 * 1.001); // 3 significant digits
  });

  it('uses the precomputed field for named percentiles', () => {
    expect(evaluateOne('p95 < 2s', source({ latency: measured })).actual).toBe(123);
    expect(decode).not.toHaveBeenCalled();
  });

  it('never reports more than the exact max', () => {
    expect(evaluateOne('p(99.99) < 2s', source({ latency: measured })).actual).toBe(1000);
  });

  it('decodes each histogram once per evaluation', () => {
    const other = latency({ count: 2, min: 5, max: 10, hdr: encode([5, 10]) });
    const from = source({ latency: measured, serviceTime: measured, steps: [{ ...block({ latency: other }), name: 's' }] });
    const slas = ['p(99.5) < 2s', 'p(99.7) < 2s', 'service.p(96) < 2s', 'p(96){step="s"} < 2s'].map((text) => parseSla(text));
    const verdict = evaluateSlas(slas, from);
    expect(verdict.results.map((result) => result.passed)).toEqual([true, true, true, true]);
    expect(verdict.results[3].actual).toBe(10);
    expect(decode).toHaveBeenCalledTimes(2);
  });

  it('fails with the cause when the histogram cannot be decoded', () => {
    const result = evaluateOne('p(99.5) < 2s', source({ latency: latency({ hdr: 'not a histogram' }) }));
    expect(result).toMatchObject({ passed: false, actual: null, margin: null });
    expect(result.reason).toMatch(/^histogram could not be decoded \(.+\)$/);
  });
});

describe('evaluateSlas: verdict', () => {
  it.each([
    { name: 'every SLA passes', expressions: ['p95 < 1s', 'availability > 99%'], passed: true },
    { name: 'one SLA fails', expressions: ['p95 < 1s', 'availability > 99.9%'], passed: false },
    { name: 'one SLA has no data', expressions: ['p95 < 1s', 'p95{step="nope"} < 1s'], passed: false },
    { name: 'no SLA at all', expressions: [], passed: true },
  ])('$name', ({ expressions, passed }) => {
    const verdict = evaluateSlas(expressions.map((text) => parseSla(text)), source());
    expect(verdict.passed).toBe(passed);
    expect(verdict.results.map((result) => result.expression)).toEqual(expressions);
  });
});
