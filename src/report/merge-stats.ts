/**
 * Merging measured blocks exactly: counters add up, histograms merge with `add()` and percentiles are
 * recomputed from the merged histogram (never averaged). Pure.
 */
import { UNAVAILABLE_KINDS, type ErrorKind } from '../error-kinds.js';
import { createHistogram, decodeHistogram, toLatencyStats, type Histogram } from '../metrics/histogram.js';
import type { LatencyStats, Stability, StatsBlock } from './types.js';

/** The histograms of several blocks added into one. */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const sum = createHistogram();
  for (const e of encoded) {
    const h = decodeHistogram(e);
    if (h.totalCount > 0) sum.add(h);
  }
  return sum;
}

/** Several latency distributions as one: the histograms added, exact extremes kept. */
export function mergeLatency(blocks: readonly LatencyStats[]): LatencyStats {
  const histogram = mergeHistograms(blocks.map((b) => b.hdr));
  const withData = blocks.filter((b) => b.count > 0 && b.min !== null && b.max !== null);
  const extremes = {
    minUs: withData.length ? Math.min(...withData.map((b) => Math.round(b.min! * 1000))) : Number.POSITIVE_INFINITY,
    maxUs: withData.length ? Math.max(...withData.map((b) => Math.round(b.max! * 1000))) : 0,
  };
  return toLatencyStats(histogram, extremes);
}

function addCounts<K extends string>(maps: ReadonlyArray<Partial<Record<K, number>>>): Partial<Record<K, number>> {
  const sum = new Map<K, number>();
  for (const m of maps) for (const [k, n] of Object.entries(m) as Array<[K, number]>) sum.set(k, (sum.get(k) ?? 0) + n);
  const keys = [...sum.keys()].sort();
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) out[k] = sum.get(k)!;
  return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Blocks of the same step, scenario or total from every shard as one. `measuredMs` is the merged
 * measured time (rates are recomputed over it). Stability: see `mergeStability`.
 */
export function mergeBlocks(blocks: readonly StatsBlock[], measuredMs: number, stability?: Stability): StatsBlock {
  const sum = (f: (b: StatsBlock) => number) => blocks.reduce((a, b) => a + f(b), 0);
  const completed = sum((b) => b.completed);
  const failed = sum((b) => b.failed);
  const errorsByKind = addCounts(blocks.map((b) => b.errorsByKind)) as StatsBlock['errorsByKind'];
  const unavailable = (Object.entries(errorsByKind) as Array<[ErrorKind, number]>).reduce((a, [k, n]) => a + (UNAVAILABLE_KINDS.has(k) ? n : 0), 0);
  const finished = completed + failed;
  return {
    requests: sum((b) => b.requests),
    completed,
    failed,
    interrupted: sum((b) => b.interrupted),
    bytesIn: sum((b) => b.bytesIn),
    bytesOut: sum((b) => b.bytesOut),
    throughput: measuredMs > 0 ? round3((completed * 1000) / measuredMs) : 0,
    availability: finished ? round3((100 * (finished - unavailable)) / finished) : null,
    errorRate: finished ? round3((100 * failed) / finished) : null,
    errorsByKind,
    statusCodes: addCounts(blocks.map((b) => b.statusCodes)) as Record<string, number>,
    latency: mergeLatency(blocks.map((b) => b.latency)),
    serviceTime: mergeLatency(blocks.map((b) => b.serviceTime)),
    errorLatency: mergeLatency(blocks.map((b) => b.errorLatency)),
    stability: stability ?? mergeStability(blocks.map((b) => b.stability)),
  };
}

/**
 * Stability of a step or scenario over shards, which keep no per-window histograms: the worst window
 * p99 is the max of the shards' (an upper bound: no window's merged p99 exceeds its parts' largest),
 * and so is the throughput CV (conservative). The run-wide stability is recomputed exactly from the
 * merged timeline instead (see `timelineStability`).
 */
export function mergeStability(list: readonly Stability[]): Stability {
  if (list.length === 1) return list[0];
  const max = (values: Array<number | null>) => (values.some((v) => v !== null) ? Math.max(...values.filter((v): v is number => v !== null)) : null);
  return { windowP99: max(list.map((s) => s.windowP99)), throughputCv: max(list.map((s) => s.throughputCv)) };
}
