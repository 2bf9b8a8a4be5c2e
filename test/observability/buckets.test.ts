import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../src/metrics/histogram.js';
import { cumulativeBuckets, LATENCY_BUCKETS_SECONDS } from '../../src/observability/buckets.js';

/** A histogram of the given millisecond values, recorded as integer µs like the Recorder does. */
function histogramOf(valuesMs: number[]) {
  const h = createHistogram();
  for (const v of valuesMs) h.recordValue(Math.round(v * 1000));
  return h;
}

describe('cumulativeBuckets', () => {
  it('an empty histogram has zero everywhere', () => {
    expect(cumulativeBuckets(createHistogram(), [0.01, 0.1])).toEqual({ counts: [0, 0], count: 0, sumUs: 0 });
  });

  it.each([
    { name: 'values between bounds', values: [0.5, 3, 7, 40, 90, 2000], bounds: [0.001, 0.005, 0.01, 0.1, 1], want: [1, 2, 3, 5, 5] },
    { name: 'every value above the last bound', values: [1500, 2500], bounds: [0.1, 1], want: [0, 0] },
    { name: 'every value below the first bound', values: [0.2, 0.3, 0.4], bounds: [0.001, 1], want: [3, 3] },
    // A value on a bound counts below it (Prometheus buckets are "less than or equal").
    { name: 'values exactly on bounds', values: [10, 100, 100, 250], bounds: [0.01, 0.1, 0.25], want: [1, 3, 4] },
  ])('$name', ({ values, bounds, want }) => {
    const result = cumulativeBuckets(histogramOf(values), bounds);
    expect(result.counts).toEqual(want);
    expect(result.count).toBe(values.length);
  });

  it('the sum is within HDR resolution (0.1 %) of the exact sum', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 997) / 3);
    const exact = values.reduce((a, b) => a + b, 0) / 1000;
    const { sumUs } = cumulativeBuckets(histogramOf(values), LATENCY_BUCKETS_SECONDS);
    expect(Math.abs(sumUs / 1e6 - exact) / exact).toBeLessThan(0.001);
  });

  it("the sum is exactly HDR's own: every count times its sub-bucket's median value", () => {
    const h = histogramOf(Array.from({ length: 5000 }, (_, i) => 0.05 + ((i * 104729) % 50_000) / 7));
    const hdr = h as unknown as { countsArrayLength: number; getCountAtIndex(i: number): number; valueFromIndex(i: number): number; medianEquivalentValue(v: number): number };
    let sumUs = 0;
    for (let i = 0; i < hdr.countsArrayLength; i++) sumUs += hdr.getCountAtIndex(i) * hdr.medianEquivalentValue(hdr.valueFromIndex(i));
    expect(cumulativeBuckets(h, LATENCY_BUCKETS_SECONDS).sumUs).toBe(sumUs);
  });

  it('a histogram that grew between two reads is read again', () => {
    const h = histogramOf([5, 50]);
    expect(cumulativeBuckets(h, [0.01, 0.1]).counts).toEqual([1, 2]);
    expect(cumulativeBuckets(h, [0.01, 0.1]).counts).toEqual([1, 2]);
    h.recordValue(3000);
    expect(cumulativeBuckets(h, [0.01, 0.1])).toMatchObject({ counts: [2, 3], count: 3 });
  });

  it('counts never decrease along the bounds and end at the total for values under the last bound', () => {
    const values = Array.from({ length: 500 }, (_, i) => (i * 37) % 20_000);
    const { counts, count } = cumulativeBuckets(histogramOf(values), LATENCY_BUCKETS_SECONDS);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
    expect(counts.at(-1)).toBe(count);
  });

  it('bounds are strictly increasing and cover the default 30 s timeout', () => {
    for (let i = 1; i < LATENCY_BUCKETS_SECONDS.length; i++) expect(LATENCY_BUCKETS_SECONDS[i]).toBeGreaterThan(LATENCY_BUCKETS_SECONDS[i - 1]);
    expect(LATENCY_BUCKETS_SECONDS.at(-1)).toBe(30);
  });
});
