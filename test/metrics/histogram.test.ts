import { describe, expect, it } from 'vitest';
import { createHistogram, decodeHistogram, emptyExtremes, encodeHistogram, percentileMs, toLatencyStats } from '../../src/metrics/histogram.js';
import { Distribution } from '../../src/metrics/slot.js';
import { SeededRandom } from '../../src/scenario/rng.js';

type Generator = (random: SeededRandom) => number;

/** Integer microseconds, as the recorder stores them. */
const generators: Record<string, Generator> = {
  'uniform 1 µs – 2 s': (r) => 1 + Math.floor(r.next() * 2_000_000),
  'log-uniform 1 µs – 30 s': (r) => Math.max(1, Math.round(Math.exp(r.next() * Math.log(30_000_000)))),
  'bimodal 10 ms / 200 ms': (r) => (r.next() < 0.97 ? 10_000 + r.int(0, 2000) : 200_000 + r.int(0, 20_000)),
  'sub-millisecond': (r) => 50 + r.int(0, 900),
  constant: () => 25_000,
};

/** Nearest-rank percentile of a sorted array (the definition HDR follows). */
function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9)); // 99.9 % of 1000 is rank 999, not 1000
  return sorted[rank - 1];
}

const cases = Object.keys(generators).flatMap((dist, i) =>
  [1, 2, 10, 1000, 50_000].map((size) => ({ name: `${dist}, n=${size}`, dist, size, seed: 1000 + i * 10 + size })),
);

describe('latency statistics: invariants on seeded random data (A3)', () => {
  it.each(cases)('$name', ({ dist, size, seed }) => {
    const random = new SeededRandom(seed);
    const values = Array.from({ length: size }, () => generators[dist](random));
    const distribution = new Distribution();
    for (const us of values) distribution.add(us);
    const stats = toLatencyStats(distribution.histogram, distribution.extremes);
    const sorted = [...values].sort((a, b) => a - b);

    expect(stats.count).toBe(size);
    expect(stats.min).toBe(sorted[0] / 1000);
    expect(stats.max).toBe(sorted[size - 1] / 1000);
    const ordered = [stats.min!, stats.p50!, stats.p75!, stats.p90!, stats.p95!, stats.p99!, stats.p999!, stats.max!];
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]).toBeGreaterThanOrEqual(ordered[i - 1]);
    expect(stats.mean!).toBeGreaterThanOrEqual(stats.min!);
    expect(stats.mean!).toBeLessThanOrEqual(stats.max!);
    expect(percentileMs(distribution.histogram, distribution.extremes, 100)).toBe(stats.max);

    const exactMean = values.reduce((a, b) => a + b, 0) / size / 1000;
    expect(Math.abs(stats.mean! - exactMean)).toBeLessThanOrEqual(exactMean * 0.001 + 0.001);
    const reported: Record<number, number> = { 50: stats.p50!, 75: stats.p75!, 90: stats.p90!, 95: stats.p95!, 99: stats.p99!, 99.9: stats.p999! };
    for (const [p, value] of Object.entries(reported)) {
      const exact = exactPercentile(sorted, Number(p)) / 1000;
      expect(Math.abs(value - exact), `p${p}: ${value} vs exact ${exact}`).toBeLessThanOrEqual(exact * 0.001);
    }
  });
});

describe('toLatencyStats', () => {
  it('an empty histogram reports null, never 0', () => {
    const stats = toLatencyStats(createHistogram(), emptyExtremes());
    expect(stats).toMatchObject({ unit: 'ms', count: 0, min: null, mean: null, stdev: null, p50: null, p75: null, p90: null, p95: null, p99: null, p999: null, max: null });
    expect(percentileMs(createHistogram(), emptyExtremes(), 50)).toBeNull();
    expect(stats.hdr).toMatch(/^HISTFAAA/);
  });

  it('keeps sub-millisecond values (200 µs → 0.2 ms, 1 µs → 0.001 ms)', () => {
    const d = new Distribution();
    d.add(200);
    d.add(1);
    const stats = toLatencyStats(d.histogram, d.extremes);
    expect(stats.min).toBe(0.001);
    expect(stats.max).toBe(0.2);
    expect(stats.p50).toBe(0.001);
  });

  it('max and min are exact where the histogram only knows bucket edges', () => {
    const d = new Distribution();
    d.add(12_345_678);
    d.add(1_234_567);
    const stats = toLatencyStats(d.histogram, d.extremes);
    expect(stats.max).toBe(12_345.678);
    expect(stats.min).toBe(1234.567);
    expect(stats.p99).toBe(12_345.678); // clamped to the exact max, never above it
  });

  it('records values beyond the initial range (auto-resize)', () => {
    const d = new Distribution();
    d.add(120_000_000); // 2 minutes
    expect(toLatencyStats(d.histogram, d.extremes).max).toBe(120_000);
  });
});

describe('encode and decode', () => {
  it('round-trips every percentile and the count', () => {
    const random = new SeededRandom(77);
    const h = createHistogram();
    for (let i = 0; i < 5000; i++) h.recordValue(1 + random.int(0, 500_000));
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(5000);
    for (const p of [50, 90, 99, 99.9, 100]) expect(back.getValueAtPercentile(p)).toBe(h.getValueAtPercentile(p));
  });

  it('refuses corrupt input', () => {
    expect(() => decodeHistogram('HISTFAAA-not-base64!!')).toThrow();
  });
});

describe('Distribution.merge', () => {
  it('merging parts equals recording everything in one (percentiles are never averaged)', () => {
    const random = new SeededRandom(5);
    const values = Array.from({ length: 9000 }, () => generators['log-uniform 1 µs – 30 s'](random));
    const whole = new Distribution();
    const parts = [new Distribution(), new Distribution(), new Distribution()];
    values.forEach((us, i) => {
      whole.add(us);
      parts[i % 3].add(us);
    });
    const merged = new Distribution();
    for (const part of parts) merged.merge(part);
    merged.merge(new Distribution()); // an empty part changes nothing
    expect(toLatencyStats(merged.histogram, merged.extremes)).toEqual(toLatencyStats(whole.histogram, whole.extremes));
  });
});
