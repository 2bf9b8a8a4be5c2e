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

/**
 * Cumulative counts per bound (values ≤ bound), the total count and the sum in integer µs (exact:
 * buckets of several histograms with the same bounds add up to those of their merged histogram).
 */
export interface CumulativeBuckets {
  counts: number[];
  count: number;
  sumUs: number;
}

/** The counting internals of hdr-histogram-js's JS histograms (public fields, not in its interface). */
interface HdrCounts {
  countsArrayLength: number;
  maxValue: number;
  subBucketHalfCount: number;
  unitMagnitude: number;
  /** Float64Histogram's counts; other word sizes only have getCountAtIndex. */
  counts?: ArrayLike<number>;
  countsArrayIndex(value: number): number;
  getCountAtIndex(index: number): number;
}

/**
 * Cumulative bucket counts of a histogram of integer microseconds. A value counts below a bound when
 * it shares the bound's HDR sub-bucket (3 significant digits: within 0.1 %); the sum uses each
 * sub-bucket's median value, as HDR's own mean does. One pass over the counts, with the sub-bucket
 * values stepped inline (HdrHistogram's index layout) instead of computed by method calls per index:
 * it keeps a scrape of many steps cheap.
 */
export function cumulativeBuckets(histogram: Histogram, boundsSeconds: readonly number[]): CumulativeBuckets {
  const counts = new Array<number>(boundsSeconds.length).fill(0);
  const total = histogram.totalCount;
  if (total === 0) return { counts, count: 0, sumUs: 0 };
  // A run's histograms only grow: one whose count has not moved since the last scrape is unchanged.
  const cached = lastRead.get(histogram);
  if (cached && cached.bounds === boundsSeconds && cached.result.count === total) return cached.result;
  const hdr = histogram as unknown as HdrCounts;
  const boundIndex = boundsSeconds.map((s) => hdr.countsArrayIndex(Math.round(s * 1e6)));
  const last = Math.min(hdr.countsArrayIndex(hdr.maxValue), hdr.countsArrayLength - 1);
  const direct = hdr.counts;
  const half = hdr.subBucketHalfCount;
  let bound = 0;
  let running = 0;
  let sumUs = 0;
  // HDR's layout: indices [0, 2·half) step by 2^unit from 0; then each further run of `half`
  // indices starts at half·width and steps by width, the width doubling from run to run.
  let width = 2 ** hdr.unitMagnitude;
  let value = 0;
  for (let i = 0; i <= last; i++) {
    if (i >= 2 * half && i % half === 0) {
      width *= 2;
      value = half * width;
    }
    while (bound < boundIndex.length && boundIndex[bound] < i) counts[bound++] = running;
    const n = direct !== undefined ? direct[i] : hdr.getCountAtIndex(i);
    if (n !== 0) {
      running += n;
      sumUs += n * (value + Math.floor(width / 2));
    }
    value += width;
  }
  while (bound < boundIndex.length) counts[bound++] = running;
  const result = { counts, count: total, sumUs };
  lastRead.set(histogram, { bounds: boundsSeconds, result });
  return result;
}

const lastRead = new WeakMap<Histogram, { bounds: readonly number[]; result: CumulativeBuckets }>();
