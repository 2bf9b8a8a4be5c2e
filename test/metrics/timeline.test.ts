import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../../src/report/types.js';
import { MAX_POINTS, Timeline } from '../../src/metrics/timeline.js';

/** Points cover the run with no gap and no overlap. */
function expectContiguous(points: TimelinePoint[]): void {
  expect(points[0].t).toBe(0);
  for (let i = 1; i < points.length; i++) expect(points[i].t).toBeCloseTo(points[i - 1].t + points[i - 1].span, 9);
}

describe('Timeline buckets', () => {
  it('counts requests, completed and errors per second; interrupted only as requests', () => {
    const timeline = new Timeline(10_000, 0, () => 3);
    timeline.add(100, 1000, true, false);
    timeline.add(900, 1500, true, false);
    timeline.add(999, 5000, false, false);
    timeline.add(1200, 800, true, false);
    timeline.add(2500, 0, false, true);
    const points = timeline.snapshot(3000);
    expect(points.map((p) => [p.t, p.span, p.requests, p.completed, p.errors])).toEqual([
      [0, 1, 3, 2, 1],
      [1, 1, 1, 1, 0],
      [2, 1, 1, 0, 0],
    ]);
    expect(points[0]).toMatchObject({ throughput: 2, p50: 1, p99: 1.5, activeVus: 3, warmup: false });
    expect(points[2]).toMatchObject({ p50: null, p99: null, throughput: 0 });
  });

  it('no percentile of a bucket exceeds its exact max, merged buckets included', () => {
    const timeline = new Timeline(null, 0, () => 1);
    timeline.add(100, 12_280, true, false); // its histogram bucket reads 12.287 ms
    timeline.add(1100, 900, true, false);
    timeline.add(2100, 12_280, true, false); // a sliver at the end: folded into the bucket before it
    const points = timeline.snapshot(2200);
    expect(points.map((p) => [p.span, p.p50, p.p99])).toEqual([[1, 12.28, 12.28], [1.2, 0.9, 12.28]]);
  });

  it('idle seconds become empty buckets', () => {
    const timeline = new Timeline(10_000, 0, () => 0);
    timeline.add(100, 1000, true, false);
    timeline.add(3100, 1000, true, false);
    expect(timeline.snapshot(4000).map((p) => p.requests)).toEqual([1, 0, 0, 1]);
  });

  it('advance() closes buckets while nothing finishes, reading the active VUs then', () => {
    let active = 5;
    const timeline = new Timeline(10_000, 0, () => active);
    timeline.add(100, 1000, true, false);
    timeline.advance(1000);
    active = 2;
    timeline.advance(2000);
    expect(timeline.snapshot(2000).map((p) => p.activeVus)).toEqual([5, 2]);
  });

  it('the last partial bucket is closed with its real span', () => {
    const timeline = new Timeline(10_000, 0, () => 0);
    timeline.add(1100, 1000, true, false);
    timeline.add(1300, 1000, true, false);
    const last = timeline.snapshot(1500).at(-1)!;
    expect(last).toMatchObject({ t: 1, span: 0.5, requests: 2, throughput: 4 });
  });

  it('warm-up buckets are flagged', () => {
    const timeline = new Timeline(10_000, 2000, () => 0);
    for (let s = 0; s < 4; s++) timeline.add(s * 1000 + 10, 1000, true, false);
    expect(timeline.snapshot(4000).map((p) => p.warmup)).toEqual([true, true, false, false]);
  });
});

describe('Timeline span from the planned length', () => {
  it.each([
    { plannedMs: null, wanted: 1 },
    { plannedMs: 10_000, wanted: 1 },
    { plannedMs: 600_000, wanted: 1 },
    { plannedMs: 601_000, wanted: 2 },
    { plannedMs: 3_600_000, wanted: 6 },
    { plannedMs: 86_400_000, wanted: 144 },
  ])('planned $plannedMs ms → $wanted s buckets', ({ plannedMs, wanted }) => {
    const timeline = new Timeline(plannedMs, 0, () => 0);
    timeline.add(10, 1000, true, false);
    const points = timeline.snapshot(wanted * 1000);
    expect(points).toHaveLength(1);
    expect(points[0].span).toBe(wanted);
  });

  it('a planned hour stays within MAX_POINTS with no downsampling', () => {
    const timeline = new Timeline(3_600_000, 0, () => 0);
    for (let s = 0; s < 3600; s++) timeline.add(s * 1000 + 500, 1000, true, false);
    const points = timeline.snapshot(3_600_000);
    expect(points).toHaveLength(MAX_POINTS);
    expect(points.reduce((n, p) => n + p.requests, 0)).toBe(3600);
  });
});

describe('Timeline downsampling when the length is unknown', () => {
  /** Two requests a second; second s has latency (s mod 7 + 1) × 0.2 ms (exact in the histogram). */
  const latencyUs = (s: number) => ((s % 7) + 1) * 200;

  function run(seconds: number): TimelinePoint[] {
    const timeline = new Timeline(null, 0, () => 0);
    for (let s = 0; s < seconds; s++) {
      timeline.add(s * 1000 + 200, latencyUs(s), true, false);
      timeline.add(s * 1000 + 700, latencyUs(s), s % 5 !== 0, false);
    }
    return timeline.snapshot(seconds * 1000);
  }

  it.each([{ seconds: 601 }, { seconds: 602 }, { seconds: 1300 }, { seconds: 2500 }])(
    '$seconds s: bounded, contiguous, counts kept, p99 of the merged seconds (their max, with so few requests)',
    ({ seconds }) => {
      const points = run(seconds);
      expect(points.length).toBeLessThanOrEqual(MAX_POINTS + 1);
      expect(points.length).toBeLessThan(seconds);
      expectContiguous(points);
      expect(points.at(-1)!.t + points.at(-1)!.span).toBe(seconds);
      expect(points.reduce((n, p) => n + p.requests, 0)).toBe(2 * seconds);
      expect(points.reduce((n, p) => n + p.errors, 0)).toBe(Math.ceil(seconds / 5));
      for (const p of points) {
        const covered = Array.from({ length: p.span }, (_, i) => p.t + i);
        expect(p.requests, `bucket at ${p.t}`).toBe(2 * covered.length);
        expect(p.p99, `bucket at ${p.t}`).toBe(Math.max(...covered.map(latencyUs)) / 1000);
        expect(p.throughput).toBeCloseTo(p.completed / p.span, 3);
      }
    },
  );

  it('merges buckets by their histograms: percentiles of the merged requests, not the max of percentiles', () => {
    const timeline = new Timeline(null, 0, () => 0);
    // Even seconds: 9 fast requests (1 ms); odd seconds: one slow request (50 ms).
    for (let s = 0; s < 900; s++) {
      if (s % 2 === 0) for (let i = 0; i < 9; i++) timeline.add(s * 1000 + 100 * i, 1_000, true, false);
      else timeline.add(s * 1000 + 500, 50_000, true, false);
    }
    const points = timeline.snapshot(900_000);
    const merged = points.filter((p) => p.span === 2);
    expect(merged.length).toBeGreaterThanOrEqual(MAX_POINTS / 2);
    for (const p of merged) {
      expect(p.completed).toBe(10);
      expect(p.p50, `bucket at ${p.t}`).toBe(1); // the max of the two p50s would say 50
      expect(p.p90, `bucket at ${p.t}`).toBe(1); // 9 of 10 at 1 ms
      expect(p.p99, `bucket at ${p.t}`).toBeCloseTo(50, 1);
    }
  });

  it('before the limit nothing is merged', () => {
    const points = run(MAX_POINTS);
    expect(points).toHaveLength(MAX_POINTS);
    expect(points.every((p) => p.span === 1)).toBe(true);
  });
});

describe('Timeline: the end of the run', () => {
  it('folds a sliver of a last bucket (the grace period) into the bucket before it', () => {
    const timeline = new Timeline(2_000, 0, () => 0);
    for (let i = 0; i < 100; i++) timeline.add(1_000 + i * 9, 2_000, true, false); // second 1: 100 completed
    timeline.add(2_003, 3_000, true, false); // 3 ms after the end of the planned run
    const points = timeline.snapshot(2_005);
    expect(points.map((p) => p.t)).toEqual([0, 1]);
    const last = points[1];
    expect(last.completed).toBe(101);
    expect(last.span).toBeCloseTo(1.005, 3);
    expect(last.throughput).toBeLessThan(101); // not 1 request / 0.005 s = 200/s
    // Percentiles of the 101 requests together: the one at 3 ms is above the 99th percentile.
    expect(last).toMatchObject({ p50: 2, p90: 2, p99: 2 });
  });

  it('merges the sliver by histograms, never by the max of percentiles (p50 must not jump to the straggler)', () => {
    const timeline = new Timeline(2_000, 0, () => 0);
    for (let i = 0; i < 1000; i++) timeline.add(1_000 + i * 0.9, 3_000, true, false); // second 1: 1,000 at 3 ms
    timeline.add(2_010, 19_600, true, false); // one straggler at 19.6 ms in the grace period
    const last = timeline.snapshot(2_020).at(-1)!;
    expect(last.completed).toBe(1001);
    expect(last.p50).toBeCloseTo(3, 2);
    expect(last.p90).toBeCloseTo(3, 2);
    expect(last.p99).toBeCloseTo(3, 2);
  });

  it('keeps a last bucket of half a span or more as its own point', () => {
    const timeline = new Timeline(2_000, 0, () => 0);
    timeline.add(500, 1_000, true, false);
    timeline.add(1_600, 1_000, true, false);
    const points = timeline.snapshot(1_700);
    expect(points.map((p) => [p.t, p.completed])).toEqual([[0, 1], [1, 1]]);
    expect(points[1].span).toBeCloseTo(0.7, 3);
  });
});

describe('Timeline: shard runs keep each bucket\'s histogram', () => {
  it('every point carries an encoded histogram whose count and percentiles are the point\'s', async () => {
    const { decodeHistogram } = await import('../../src/metrics/histogram.js');
    const timeline = new Timeline(5000, 0, () => 0, null, true);
    for (let i = 0; i < 3000; i++) timeline.add((i * 5000) / 3000, 100 + ((i * 7919) % 5000), i % 50 !== 0, false);
    const points = timeline.snapshot(5000);
    expect(points.length).toBe(5);
    for (const p of points) {
      const h = decodeHistogram(p.hdr!);
      expect(h.totalCount).toBe(p.completed);
      expect(Math.round(h.getValueAtPercentile(99)) / 1000).toBe(p.p99);
      expect(Math.round(h.getValueAtPercentile(50)) / 1000).toBe(p.p50);
    }
    expect(new Timeline(5000, 0, () => 0).snapshot(0).every((p) => p.hdr === undefined)).toBe(true);
  });
});
