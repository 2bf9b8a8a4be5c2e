/**
 * Prometheus histogram buckets read from crmload's own HDR histograms at scrape time: one pass over
 * the recorded counts, nothing added to the hot path. Bucket bounds are chosen for HTTP latencies.
 */
import type { Histogram } from '../metrics/histogram.js';

/**
 * Upper bounds in seconds: dense from 5 ms to 1 s, where API SLA targets sit (100/200/300/500 ms
 * p95s), so `histogram_quantile` interpolates within a narrow bucket there; coarse beyond, up to
 * the 30 s default request timeout. `+Inf` is implied.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30,
];

/** Cumulative counts per bound (values ≤ bound), the total count and the sum, in seconds. */
export interface CumulativeBuckets {
  counts: number[];
  count: number;
  sumSeconds: number;
}

/** The counting internals of hdr-histogram-js's JS histograms (public methods, not in its interface). */
interface HdrCounts {
  countsArrayLength: number;
  maxValue: number;
  countsArrayIndex(value: number): number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  medianEquivalentValue(value: number): number;
}

/**
 * Cumulative bucket counts of a histogram of integer microseconds. A value counts below a bound when
 * it shares the bound's HDR sub-bucket (3 significant digits: within 0.1 %); the sum uses each
 * sub-bucket's median value, as HDR's own mean does.
 */
export function cumulativeBuckets(histogram: Histogram, boundsSeconds: readonly number[]): CumulativeBuckets {
  const counts = new Array<number>(boundsSeconds.length).fill(0);
  const total = histogram.totalCount;
  if (total === 0) return { counts, count: 0, sumSeconds: 0 };
  const hdr = histogram as unknown as HdrCounts;
  const boundIndex = boundsSeconds.map((s) => hdr.countsArrayIndex(Math.round(s * 1e6)));
  const last = Math.min(hdr.countsArrayIndex(hdr.maxValue), hdr.countsArrayLength - 1);
  let bound = 0;
  let running = 0;
  let sumUs = 0;
  for (let i = 0; i <= last; i++) {
    while (bound < boundIndex.length && boundIndex[bound] < i) counts[bound++] = running;
    const n = hdr.getCountAtIndex(i);
    if (n === 0) continue;
    running += n;
    sumUs += n * hdr.medianEquivalentValue(hdr.valueFromIndex(i));
  }
  while (bound < boundIndex.length) counts[bound++] = running;
  return { counts, count: total, sumSeconds: sumUs / 1e6 };
}
