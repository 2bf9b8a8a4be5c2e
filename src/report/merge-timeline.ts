/**
 * Merging shard timelines by absolute time: buckets that start in the same wall-clock second add up;
 * their percentiles come from the added histograms (exact), or, for points without one, the worst of
 * the parts (an upper bound, never an average). Pure.
 */
import { encodeHistogram } from '../metrics/histogram.js';
import { coefficientOfVariation, WINDOW_MS } from '../metrics/stability-windows.js';
import { mergeHistograms } from './merge-stats.js';
import type { Stability, TimelinePoint } from './types.js';

export interface ShardTimeline {
  /** Wall-clock start of the shard's run, epoch ms (what `t` counts from when a point has no `at`). */
  startedAtMs: number;
  points: readonly TimelinePoint[];
}

/**
 * One timeline keyed by absolute second, `t` counted from `originMs` (the merged run's start).
 * `measuredMaxMs`: the exact largest measured latency of all the shards; no percentile of a measured
 * (not warm-up) point exceeds it, as a histogram bucket's edge may.
 */
export function mergeTimelines(shards: readonly ShardTimeline[], originMs: number, measuredMaxMs: number | null = null): TimelinePoint[] {
  const groups = new Map<number, Array<TimelinePoint & { at: number }>>();
  for (const shard of shards) {
    for (const p of shard.points) {
      const at = p.at ?? Math.round(shard.startedAtMs + p.t * 1000);
      const key = Math.floor(at / 1000);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push({ ...p, at });
    }
  }
  return [...groups.keys()].sort((a, b) => a - b).map((key) => mergePoints(groups.get(key)!, originMs, measuredMaxMs));
}

function mergePoints(points: ReadonlyArray<TimelinePoint & { at: number }>, originMs: number, measuredMaxMs: number | null): TimelinePoint {
  const at = Math.min(...points.map((p) => p.at));
  const span = Math.max(...points.map((p) => p.span));
  const sum = (f: (p: TimelinePoint) => number) => points.reduce((a, p) => a + f(p), 0);
  const completed = sum((p) => p.completed);
  const exact = points.every((p) => p.hdr !== undefined);
  const merged = exact ? mergeHistograms(points.map((p) => p.hdr!)) : null;
  const warmup = points.every((p) => p.warmup);
  const capUs = !warmup && measuredMaxMs !== null ? measuredMaxMs * 1000 : Number.POSITIVE_INFINITY;
  const pct = (q: number, key: 'p50' | 'p90' | 'p99') => {
    if (merged) return merged.totalCount ? Math.round(Math.min(merged.getValueAtPercentile(q), capUs)) / 1000 : null;
    const values = points.map((p) => p[key]).filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  return {
    t: Math.max(0, Math.round(at - originMs) / 1000),
    span,
    requests: sum((p) => p.requests),
    completed,
    errors: sum((p) => p.errors),
    throughput: Math.round((completed / span) * 1000) / 1000,
    p50: pct(50, 'p50'),
    p90: pct(90, 'p90'),
    p99: pct(99, 'p99'),
    activeVus: sum((p) => p.activeVus),
    warmup,
    // Each shard was offered its stripe and dropped its own: both add up.
    ...(points.some((p) => p.offered !== undefined) ? { offered: Math.round(sum((p) => p.offered ?? 0) * 1000) / 1000 } : {}),
    ...(points.some((p) => p.dropped !== undefined) ? { dropped: sum((p) => p.dropped ?? 0) } : {}),
    at,
    ...(merged ? { hdr: encodeHistogram(merged) } : {}),
  };
}

/**
 * Run-wide stability from a merged timeline, with the windows of `metrics/stability-windows.ts`: 10 s
 * windows of measured time (after warm-up), the last one stretched to the end of the run and taking
 * the grace period's requests; each window's p99 from its buckets' added histograms. Null fields when
 * the timeline has no histograms or its buckets do not tile the windows.
 */
export function timelineStability(points: readonly TimelinePoint[], warmupMs: number, measuredMs: number, measuredMaxMs: number | null = null): Stability {
  if (points.some((p) => p.hdr === undefined || (WINDOW_MS / 1000) % p.span !== 0)) return { windowP99: null, throughputCv: null };
  const last = Math.max(0, Math.floor(measuredMs / WINDOW_MS) - 1);
  const windows = Array.from({ length: last + 1 }, () => ({ hdrs: [] as string[], completed: 0 }));
  for (const p of points) {
    const offsetMs = p.t * 1000 - warmupMs;
    if (p.warmup || offsetMs < 0) continue;
    const w = windows[Math.min(last, Math.floor(offsetMs / WINDOW_MS))];
    w.hdrs.push(p.hdr!);
    w.completed += p.completed;
  }
  const p99s: number[] = [];
  const throughputs: number[] = [];
  windows.forEach((w, i) => {
    const h = mergeHistograms(w.hdrs);
    if (h.totalCount) p99s.push(Math.round(Math.min(h.getValueAtPercentile(99), measuredMaxMs === null ? Number.POSITIVE_INFINITY : measuredMaxMs * 1000)) / 1000);
    const startMs = i * WINDOW_MS;
    const endMs = i < last ? startMs + WINDOW_MS : Math.max(measuredMs, startMs);
    if (endMs > startMs) throughputs.push((w.completed * 1000) / (endMs - startMs));
  });
  return { windowP99: p99s.length ? Math.max(...p99s) : null, throughputCv: coefficientOfVariation(throughputs) };
}
