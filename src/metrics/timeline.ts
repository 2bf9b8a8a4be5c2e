/**
 * Per-second buckets of the whole run (warm-up included, flagged). The bucket span is chosen up
 * front from the planned length so a long run stays at most MAX_POINTS buckets; when the length is
 * unknown (an iteration count), buckets are merged pairwise as the run grows, keeping the *max* of
 * each percentile (never an average of percentiles).
 */
import type { TimelinePoint } from '../report/types.js';
import { createHistogram } from './histogram.js';

export const MAX_POINTS = 600;

export class Timeline {
  private readonly points: TimelinePoint[] = [];
  private spanMs: number;
  private bucketStart = 0;
  private readonly histogram = createHistogram();
  private requests = 0;
  private completed = 0;
  private errors = 0;

  constructor(
    plannedMs: number | null,
    private readonly warmupMs: number,
    private readonly activeVus: () => number,
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
      this.histogram.recordValue(latencyUs);
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
    const h = this.histogram;
    this.points.push(this.currentPoint(this.spanMs / 1000));
    h.reset();
    this.requests = this.completed = this.errors = 0;
    if (this.points.length > MAX_POINTS) this.halve();
  }

  private halve(): void {
    const merged: TimelinePoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i];
      const b = this.points[i + 1];
      if (!b) {
        // An odd last bucket stays as it is: stretching it would claim time the next bucket covers.
        merged.push(a);
        continue;
      }
      merged.push(combine(a, b));
    }
    this.points.length = 0;
    this.points.push(...merged);
    this.spanMs *= 2;
  }

  /** The bucket being filled, as a point of `span` seconds. */
  private currentPoint(span: number): TimelinePoint {
    const h = this.histogram;
    const p = (q: number) => (h.totalCount ? Math.round(h.getValueAtPercentile(q)) / 1000 : null);
    return {
      t: this.bucketStart / 1000,
      span,
      requests: this.requests,
      completed: this.completed,
      errors: this.errors,
      throughput: Math.round((this.completed / span) * 1000) / 1000,
      p50: p(50),
      p90: p(90),
      p99: p(99),
      activeVus: this.activeVus(),
      warmup: this.bucketStart < this.warmupMs,
    };
  }

  /** The buckets so far, closing the current one if it holds anything. */
  snapshot(endOffsetMs: number): TimelinePoint[] {
    this.advance(endOffsetMs);
    const out = [...this.points];
    if (this.requests > 0) {
      const span = Math.max(0.001, (endOffsetMs - this.bucketStart) / 1000);
      const tail = this.currentPoint(Math.round(span * 1000) / 1000);
      const last = out[out.length - 1];
      // A sliver at the end (requests finishing in the grace period) would show an absurd rate on
      // its own: fold it into the bucket before it.
      if (last && span * 1000 < this.spanMs / 2) out[out.length - 1] = combine(last, tail);
      else out.push(tail);
    }
    return out;
  }
}

/** Two consecutive points as one: counts add up, percentiles keep the worse (never an average). */
function combine(a: TimelinePoint, b: TimelinePoint): TimelinePoint {
  const span = Math.round((a.span + b.span) * 1000) / 1000;
  return {
    ...a,
    span,
    requests: a.requests + b.requests,
    completed: a.completed + b.completed,
    errors: a.errors + b.errors,
    throughput: Math.round(((a.completed + b.completed) / span) * 1000) / 1000,
    p50: maxOrNull(a.p50, b.p50),
    p90: maxOrNull(a.p90, b.p90),
    p99: maxOrNull(a.p99, b.p99),
    activeVus: b.activeVus,
    warmup: a.warmup && b.warmup,
  };
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
