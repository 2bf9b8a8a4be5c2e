/**
 * A latency histogram kept as its non-empty buckets only: how the timeline holds one histogram per
 * bucket (up to MAX_POINTS of them) cheaply, and merges two buckets exactly — counts add up bucket
 * by bucket, so a merged bucket's percentiles are those of all its requests, computed with the HDR
 * histogram's own rule. Merging is O(buckets): no histogram is rebuilt, nothing is compressed.
 */
import type { Histogram } from './histogram.js';

/** The parts of the plain-JS HDR histogram that expose its buckets (present at runtime, untyped). */
type IndexedHistogram = Histogram & {
  countsArrayLength: number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  highestEquivalentValue(value: number): number;
};

/**
 * Non-empty buckets in ascending order: each bucket's index in the histogram's counts array and its
 * count (6 bytes a bucket; an index fits 16 bits for any value a double can hold: 1,024 per octave).
 */
export interface SparseHistogram {
  readonly indexes: Uint16Array;
  readonly counts: Uint32Array;
  readonly total: number;
}

/** The non-empty buckets of a histogram; null when it recorded nothing. */
export function toSparse(histogram: Histogram): SparseHistogram | null {
  if (histogram.totalCount === 0) return null;
  const h = histogram as IndexedHistogram;
  let size = 0;
  for (let i = 0; i < h.countsArrayLength; i++) if (h.getCountAtIndex(i) > 0) size++;
  const indexes = new Uint16Array(size);
  const counts = new Uint32Array(size);
  for (let i = 0, n = 0; i < h.countsArrayLength; i++) {
    const count = h.getCountAtIndex(i);
    if (count > 0) {
      indexes[n] = i;
      counts[n++] = count;
    }
  }
  return { indexes, counts, total: histogram.totalCount };
}

/** Two histograms (of the same settings) as one: the union of their buckets, counts added. */
export function mergeSparse(a: SparseHistogram | null, b: SparseHistogram | null): SparseHistogram | null {
  if (a === null || b === null) return a ?? b;
  let size = a.indexes.length + b.indexes.length;
  for (let i = 0, j = 0; i < a.indexes.length && j < b.indexes.length;) {
    if (a.indexes[i] === b.indexes[j]) size--;
    if (a.indexes[i] <= b.indexes[j]) i++;
    else j++;
  }
  const indexes = new Uint16Array(size);
  const counts = new Uint32Array(size);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.indexes.length || j < b.indexes.length) {
    const fromA = j >= b.indexes.length || (i < a.indexes.length && a.indexes[i] <= b.indexes[j]);
    const index = fromA ? a.indexes[i] : b.indexes[j];
    const count = fromA ? a.counts[i++] : b.counts[j++];
    if (n > 0 && indexes[n - 1] === index) counts[n - 1] += count;
    else {
      indexes[n] = index;
      counts[n++] = count;
    }
  }
  return { indexes, counts, total: a.total + b.total };
}

/** 1 ulp of a positive double, as the HDR histogram computes it. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

/**
 * The value at `percentile` (in (0, 100]), in µs, exactly as `histogram.getValueAtPercentile` would
 * answer for the histogram these buckets came from: the highest value equivalent to the bucket where
 * the count reaches the percentile. `settings` is any histogram of the same settings (for bucket sizes).
 */
export function sparsePercentile(sparse: SparseHistogram, percentile: number, settings: Histogram): number {
  const fp = (Math.min(percentile, 100) / 100) * sparse.total;
  const wanted = Math.max(Math.ceil(fp - ulp(fp)), 1);
  const h = settings as IndexedHistogram;
  let seen = 0;
  for (let i = 0; i < sparse.indexes.length; i++) {
    seen += sparse.counts[i];
    if (seen >= wanted) return h.highestEquivalentValue(h.valueFromIndex(sparse.indexes[i]));
  }
  return 0;
}
