/**
 * Per-second buckets of the whole run (warm-up included, flagged). The bucket span is chosen up
 * front from the planned length so a long run stays at most MAX_POINTS buckets; when the length is
 * unknown (an iteration count), buckets are merged pairwise as the run grows, a few pairs per second
 * so no merge pass stalls the run. Buckets are always
 * merged by their histograms (each closed bucket keeps its own, sparse), so a merged bucket's
 * percentiles are those of its requests: never the max, nor an average, of two percentiles.
 */
import type { TimelinePoint } from '../report/types.js';
import { createHistogram, encodeHistogram, recordMicros, type Histogram } from './histogram.js';
import { mergeSparse, sparsePercentile, toSparse, type SparseHistogram } from './sparse-histogram.js';

export const MAX_POINTS = 600;
/** Pairs merged per closed bucket while halving: faster than buckets arrive, so the count shrinks. */
const MERGES_PER_CLOSE = 2;

/** A closed bucket: its point and its latency histogram (null without a success). */
interface Bucket {
  point: TimelinePoint;
  histogram: SparseHistogram | null;
  /** The bucket's exact largest latency, µs: its percentiles never exceed it (a histogram bucket's edge may). */
  maxUs: number;
}

export class Timeline {
  private readonly buckets: Bucket[] = [];
  private spanMs: number;
  private bucketStart = 0;
  /** While halving: the index of the next pair of buckets to merge. */
  private halving: number | null = null;
  private readonly histogram = createHistogram();
  private maxUs = 0;
  private requests = 0;
  private completed = 0;
  private errors = 0;
  /** The cumulative dropped count when the current bucket opened. */
  private droppedBefore = 0;

  constructor(
    plannedMs: number | null,
    private readonly warmupMs: number,
    private readonly activeVus: () => number,
    /** Cumulative dropped iterations (open model); absent when nothing can be dropped. */
    private readonly droppedSoFar: (() => number) | null = null,
    /** Shard runs: each point carries its encoded histogram so a merge is exact. */
    private readonly keepHistograms = false,
  ) {
    this.spanMs = plannedMs ? Math.max(1, Math.ceil(plannedMs / 1000 / MAX_POINTS)) * 1000 : 1000;
  }

  /** Count a finished request at `offsetMs` from the start of the run. */
  add(offsetMs: number, latencyUs: number, success: boolean, interrupted: boolean): void {
    if (offsetMs >= this.bucketStart + this.spanMs) this.advance(offsetMs);
    this.requests++;
    if (interrupted) return;
    if (success) {
      this.completed++;
      recordMicros(this.histogram, latencyUs);
      if (latencyUs > this.maxUs) this.maxUs = latencyUs;
    } else this.errors++;
  }

  /** Close every bucket that ended before `offsetMs` (also called once a second when idle). */
  advance(offsetMs: number): void {
    while (offsetMs >= this.bucketStart + this.spanMs) {
      const closedSpan = this.spanMs; // close() may double the span: step past the bucket just closed
      this.close();
      this.bucketStart += closedSpan;
    }
  }

  private close(): void {
    this.buckets.push(this.currentBucket(this.spanMs / 1000));
    if (this.droppedSoFar) this.droppedBefore = this.droppedSoFar();
    this.histogram.reset();
    this.maxUs = 0;
    this.requests = this.completed = this.errors = 0;
    if (this.halving === null && this.buckets.length > MAX_POINTS) {
      this.halving = 0;
      this.spanMs *= 2;
    }
    if (this.halving !== null) this.continueHalving(MERGES_PER_CLOSE);
  }

  /**
   * Merge up to `pairs` pairs of the buckets that still have the span before the last doubling, from
   * the oldest on. A halving is spread over the next closes (it can take a few hundred merges), so no
   * single close stalls the event loop while load is being generated.
   */
  private continueHalving(pairs: number): void {
    const oldSpan = this.spanMs / 2 / 1000;
    for (let n = 0; n < pairs && this.halving !== null; n++) {
      const i = this.halving;
      const a = this.buckets[i];
      const b = this.buckets[i + 1];
      // An odd last bucket stays as it is: stretching it would claim time the next bucket covers.
      if (!b || a.point.span !== oldSpan || b.point.span !== oldSpan) {
        this.halving = null;
        return;
      }
      this.buckets.splice(i, 2, this.combine(a, b));
      this.halving = i + 1;
    }
  }

  /** The bucket being filled, as a bucket of `span` seconds. */
  private currentBucket(span: number): Bucket {
    const h = this.histogram;
    const point: TimelinePoint = {
      t: this.bucketStart / 1000,
      span,
      requests: this.requests,
      completed: this.completed,
      errors: this.errors,
      throughput: Math.round((this.completed / span) * 1000) / 1000,
      p50: null,
      p90: null,
      p99: null,
      activeVus: this.activeVus(),
      warmup: this.bucketStart < this.warmupMs,
      ...(this.droppedSoFar ? { dropped: this.droppedSoFar() - this.droppedBefore } : {}),
    };
    return withPercentiles({ point, histogram: toSparse(h), maxUs: this.maxUs }, h);
  }

  /** Two consecutive buckets as one: counts add up, percentiles come from the merged histogram. */
  private combine(a: Bucket, b: Bucket): Bucket {
    const span = Math.round((a.point.span + b.point.span) * 1000) / 1000;
    const completed = a.point.completed + b.point.completed;
    const point: TimelinePoint = {
      ...a.point,
      span,
      requests: a.point.requests + b.point.requests,
      completed,
      errors: a.point.errors + b.point.errors,
      throughput: Math.round((completed / span) * 1000) / 1000,
      activeVus: b.point.activeVus,
      warmup: a.point.warmup && b.point.warmup,
      ...(a.point.dropped !== undefined ? { dropped: a.point.dropped + (b.point.dropped ?? 0) } : {}),
    };
    return withPercentiles({ point, histogram: mergeSparse(a.histogram, b.histogram), maxUs: Math.max(a.maxUs, b.maxUs) }, this.histogram);
  }

  /** The buckets so far, closing the current one if it holds anything. */
  snapshot(endOffsetMs: number): TimelinePoint[] {
    this.advance(endOffsetMs);
    const out = [...this.buckets];
    if (this.requests > 0) {
      const span = Math.max(0.001, (endOffsetMs - this.bucketStart) / 1000);
      const tail = this.currentBucket(Math.round(span * 1000) / 1000);
      const last = this.buckets[this.buckets.length - 1];
      // A sliver at the end (requests finishing in the grace period) would show an absurd rate on
      // its own: fold it into the bucket before it.
      if (last && span * 1000 < this.spanMs / 2) out[out.length - 1] = this.combine(last, tail);
      else out.push(tail);
    }
    return out.map((b) => (this.keepHistograms ? { ...b.point, hdr: encodeSparse(b.histogram) } : b.point));
  }
}

/**
 * The bucket with p50, p90 and p99 (ms) of its histogram, none above the bucket's exact max; `settings`
 * is any histogram of the same settings.
 */
function withPercentiles(bucket: Bucket, settings: Histogram): Bucket {
  const sparse = bucket.histogram;
  const p = (q: number) => (sparse ? Math.round(Math.min(sparsePercentile(sparse, q, settings), bucket.maxUs)) / 1000 : null);
  return { ...bucket, point: { ...bucket.point, p50: p(50), p90: p(90), p99: p(99) } };
}

/** A bucket's sparse histogram in the report's lossless encoding (shard reports: exact merges). */
function encodeSparse(sparse: SparseHistogram | null): string {
  const h = createHistogram() as Histogram & { valueFromIndex(index: number): number };
  if (sparse) for (let i = 0; i < sparse.indexes.length; i++) h.recordValueWithCount(h.valueFromIndex(sparse.indexes[i]), sparse.counts[i]);
  return encodeHistogram(h);
}
