/** Merged shard timelines: no measured percentile above the exact largest latency of the shards. */
import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/metrics/histogram.js';
import { mergeTimelines, timelineStability } from '../../src/report/merge-timeline.js';
import type { TimelinePoint } from '../../src/report/types.js';

/** A one-second point at `t` holding one request of `us` µs, with its histogram (as shard reports carry it). */
function point(t: number, us: number, warmup = false): TimelinePoint {
  const h = createHistogram();
  recordMicros(h, us);
  const ms = us / 1000;
  return { t, span: 1, requests: 1, completed: 1, errors: 0, throughput: 1, p50: ms, p90: ms, p99: ms, activeVus: 1, warmup, hdr: encodeHistogram(h) };
}

describe('mergeTimelines / timelineStability', () => {
  // 12,280 µs reads 12.287 ms at its histogram bucket's edge (30,000 µs: 30.015); the shards' exact max says 12.28.
  const shards = [
    { startedAtMs: 0, points: [point(0, 30_000, true), point(1, 12_280)] },
    { startedAtMs: 0, points: [point(1, 900)] },
  ];

  it('caps a measured point at the exact max, and leaves warm-up points alone (their requests are not in it)', () => {
    const merged = mergeTimelines(shards, 0, 12.28);
    expect(merged.map((p) => [p.t, p.warmup, p.p99])).toEqual([[0, true, 30.015], [1, false, 12.28]]);
  });

  it('without a max (no measured request), the histogram says it', () => {
    expect(mergeTimelines(shards, 0).map((p) => p.p99)).toEqual([30.015, 12.287]);
  });

  it('caps the window p99 the same way', () => {
    const merged = mergeTimelines(shards, 0, 12.28);
    expect(timelineStability(merged, 1000, 2000, 12.28).windowP99).toBe(12.28);
    expect(timelineStability(merged, 1000, 2000).windowP99).toBe(12.287);
  });
});
