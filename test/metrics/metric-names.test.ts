import { describe, expect, it } from 'vitest';
import { createHistogram, emptyExtremes, toLatencyStats, type Extremes } from '../../src/metrics/histogram.js';
import { parsePercentile, percentileFromHistogram, percentileName, percentileOf, PERCENTILE_NAMES } from '../../src/metrics/metric-names.js';
import { parseTolerances } from '../../src/report/tolerances.js';
import { parseSla } from '../../src/sla/parse.js';

describe('percentile names', () => {
  it('lists the named percentiles in order', () => {
    expect(PERCENTILE_NAMES).toEqual(['p50', 'p75', 'p90', 'p95', 'p99', 'p99.9']);
  });

  it.each([[50, 'p50'], [99.9, 'p99.9'], [97.5, 'p(97.5)'], [100, 'p(100)'], [0.1, 'p(0.1)']])('percentileName(%s) = %s', (p, name) => {
    expect(percentileName(p)).toBe(name);
  });

  it.each([
    ['named', 'p95', { metric: 'p95', percentile: 95 }],
    ['p(N) of a named one', 'p(95)', { metric: 'p95', percentile: 95 }],
    ['p(99.9)', 'p(99.9)', { metric: 'p99.9', percentile: 99.9 }],
    ['trailing zero', 'p(99.50)', { metric: 'p(99.5)', percentile: 99.5 }],
    ['leading dot', 'p(.5)', { metric: 'p(0.5)', percentile: 0.5 }],
    ['p(100)', 'p(100)', { metric: 'p(100)', percentile: 100 }],
    ['not a number', 'p(abc)', { problem: 'percentile in "p(abc)" must be a number, like p(99.5)' }],
    ['negative', 'p(-1)', { problem: 'percentile in "p(-1)" must be a number, like p(99.5)' }],
    ['zero', 'p(0)', { problem: 'percentile in "p(0)" must be greater than 0 and at most 100' }],
    ['above 100', 'p(101)', { problem: 'percentile in "p(101)" must be greater than 0 and at most 100' }],
    ['a bare p96 is no percentile name', 'p96', undefined],
    ['another metric', 'throughput', undefined],
  ])('%s: %s', (_name, input, wanted) => {
    expect(parsePercentile(input)).toEqual(wanted);
  });

  it('the SLA grammar and --max-regression name percentiles alike', () => {
    for (const name of ['p50', 'p(50)', 'p99.9', 'p(99.9)', 'p(97.5)', 'p(99.50)', 'p(100)']) {
      const sla = parseSla(`${name} < 1s`);
      const [tolerance] = parseTolerances(`${name}=10%`);
      expect({ metric: tolerance.metric, percentile: tolerance.percentile }).toEqual({ metric: sla.metric, percentile: sla.percentile });
    }
  });
});

describe('percentileOf', () => {
  const h = createHistogram();
  const extremes: Extremes = { minUs: 1_001, maxUs: 1_000_003 };
  for (let ms = 1; ms <= 1000; ms++) h.recordValue(ms * 1000 + (ms === 1 ? 1 : ms === 1000 ? 3 : 0));
  const stats = toLatencyStats(h, extremes);

  it('reads a named percentile and p100 from their fields', () => {
    const edited = { ...stats, p95: 123.456, max: 2000 };
    expect(percentileOf(edited, 95)).toBe(123.456);
    expect(percentileOf(edited, 100)).toBe(2000);
  });

  it('recomputes any other percentile from the histogram', () => {
    expect(percentileOf(stats, 97.5)).toBeCloseTo(975, -1);
    expect(percentileOf(stats, 99.99)).toBeLessThanOrEqual(stats.max as number);
  });

  it('clamps to the exact extremes, never a bucket edge beyond them', () => {
    // Bucket edges of 1,000,003 µs and 1,001 µs lie beyond the exact extremes.
    expect(percentileOf(stats, 99.999)).toBe(1000.003);
    expect(percentileOf(stats, 0.001)).toBe(1.001);
  });

  it('is null without samples and decodes through the given function', () => {
    expect(percentileOf(toLatencyStats(createHistogram(), emptyExtremes()), 97.5)).toBeNull();
    const decoded: string[] = [];
    percentileOf(stats, 97.5, (hdr) => { decoded.push(hdr); return h; });
    expect(decoded).toEqual([stats.hdr]);
  });

  it('percentileFromHistogram reads the distribution itself, not the fields', () => {
    const edited = { ...stats, p95: 1 };
    expect(percentileFromHistogram(edited, 95)).toBe(stats.p95);
    expect(percentileFromHistogram(edited, 100)).toBe(stats.max);
  });

  it('throws on a corrupt histogram (the caller names the cause)', () => {
    expect(() => percentileOf({ ...stats, hdr: 'not a histogram' }, 97.5)).toThrow();
  });
});
