/**
 * The measurements of one step (or one scenario): counters, histograms and stability windows.
 * `add` is O(1); percentiles are computed once, in `toStatsBlock`.
 */
import type { StatsBlock } from '../report/types.js';
import { ERROR_KINDS, ERROR_KIND_INDEX, REFUSED_KINDS, UNAVAILABLE_KINDS, type ErrorKind } from '../error-kinds.js';
import { createHistogram, emptyExtremes, recordMicros, toLatencyStats, type Extremes, type Histogram } from './histogram.js';
import { StabilityWindows } from './stability-windows.js';

/** What the recorder reads from a finished request. Times are ms on the monotonic clock. */
export interface Sample {
  status: number;
  kind: ErrorKind | null;
  intendedAt: number;
  sentAt: number;
  endedAt: number;
  bytesIn: number;
  bytesOut: number;
}

/** A histogram with its exact extremes. */
export class Distribution {
  readonly histogram: Histogram = createHistogram();
  readonly extremes: Extremes = emptyExtremes();

  add(us: number): void {
    recordMicros(this.histogram, us);
    if (us < this.extremes.minUs) this.extremes.minUs = us;
    if (us > this.extremes.maxUs) this.extremes.maxUs = us;
  }

  merge(other: Distribution): void {
    if (other.histogram.totalCount === 0) return;
    this.histogram.add(other.histogram);
    this.extremes.minUs = Math.min(this.extremes.minUs, other.extremes.minUs);
    this.extremes.maxUs = Math.max(this.extremes.maxUs, other.extremes.maxUs);
  }
}

/** Status codes counted by index; HTTP's are three digits. */
const STATUS_SLOTS = 1000;

/** Latency in integer µs, never negative; sub-millisecond values are kept (at least 1 µs). */
export function toMicros(fromMs: number, toMs: number): number {
  const us = Math.round((toMs - fromMs) * 1000);
  return us < 1 ? 1 : us;
}

export class Slot {
  requests = 0;
  completed = 0;
  failed = 0;
  interrupted = 0;
  bytesIn = 0;
  bytesOut = 0;
  readonly errors = new Float64Array(ERROR_KINDS.length);
  /** Responses by status code: codes 0–999 by index (no map lookup per request), others in `otherStatuses`. */
  readonly statusCounts = new Float64Array(STATUS_SLOTS);
  private readonly otherStatuses = new Map<number, number>();
  readonly latency = new Distribution();
  readonly service = new Distribution();
  readonly errorLatency = new Distribution();
  readonly windows = new StabilityWindows();
  /** The group (`vu.group`) the step was first seen in, if any. */
  group: string | null = null;

  constructor(
    readonly name: string,
    readonly scenario: string,
    /** The scenario slot this step also counts in (mixes only). */
    readonly parent: Slot | null = null,
    /**
     * Closed model: latency is timed from the send, so service time is the same value; it is not
     * recorded twice (one histogram record less per request) and reported from `latency`.
     */
    readonly serviceIsLatency = false,
  ) {}

  /** Count a finished request; `latencyUs` is `toMicros(s.intendedAt, s.endedAt)`, computed once by the caller. */
  add(s: Sample, measuredStart: number, latencyUs = toMicros(s.intendedAt, s.endedAt)): void {
    this.requests++;
    this.bytesIn += s.bytesIn;
    this.bytesOut += s.bytesOut;
    const status = s.status;
    if (status > 0 && status < STATUS_SLOTS) this.statusCounts[status]++;
    else if (status) this.otherStatuses.set(status, (this.otherStatuses.get(status) ?? 0) + 1);
    if (s.kind === null) {
      this.completed++;
      this.latency.add(latencyUs);
      if (!this.serviceIsLatency) this.service.add(toMicros(s.sentAt, s.endedAt));
      this.windows.add(s.endedAt - measuredStart, latencyUs, true);
    } else if (s.kind === 'interrupted') {
      this.interrupted++;
    } else {
      this.failed++;
      this.errors[ERROR_KIND_INDEX[s.kind]]++;
      // A request refused before sending (invalid, origin) took no time on the wire.
      if (!REFUSED_KINDS.has(s.kind)) {
        this.errorLatency.add(latencyUs);
        this.windows.add(s.endedAt - measuredStart, latencyUs, false);
      }
    }
    if (this.parent) this.parent.add(s, measuredStart, latencyUs);
  }

  /** Responses by status code, built when asked (a scrape, a snapshot): never on the hot path. */
  get statusCodes(): Map<number, number> {
    const out = new Map(this.otherStatuses);
    for (let code = 0; code < STATUS_SLOTS; code++) if (this.statusCounts[code] > 0) out.set(code, this.statusCounts[code]);
    return out;
  }

  /** Fold another slot in (same-named steps from several scenarios, or the totals). */
  merge(other: Slot): void {
    this.requests += other.requests;
    this.completed += other.completed;
    this.failed += other.failed;
    this.interrupted += other.interrupted;
    this.bytesIn += other.bytesIn;
    this.bytesOut += other.bytesOut;
    for (let i = 0; i < this.errors.length; i++) this.errors[i] += other.errors[i];
    for (let code = 0; code < STATUS_SLOTS; code++) this.statusCounts[code] += other.statusCounts[code];
    for (const [code, n] of other.otherStatuses) this.otherStatuses.set(code, (this.otherStatuses.get(code) ?? 0) + n);
    this.latency.merge(other.latency);
    this.service.merge(other.service);
    this.errorLatency.merge(other.errorLatency);
  }

  toStatsBlock(measuredMs: number, windows: StabilityWindows = this.windows): StatsBlock {
    const finished = this.completed + this.failed;
    let unavailable = 0;
    const errorsByKind: StatsBlock['errorsByKind'] = {};
    ERROR_KINDS.forEach((kind, i) => {
      const n = this.errors[i];
      if (n > 0) errorsByKind[kind] = n;
      if (UNAVAILABLE_KINDS.has(kind)) unavailable += n;
    });
    if (this.interrupted > 0) errorsByKind.interrupted = this.interrupted;
    const statusCodes: Record<string, number> = {};
    const counts = this.statusCodes;
    for (const code of [...counts.keys()].sort((a, b) => a - b)) statusCodes[String(code)] = counts.get(code)!;
    return {
      requests: this.requests,
      completed: this.completed,
      failed: this.failed,
      interrupted: this.interrupted,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      throughput: measuredMs > 0 ? round3((this.completed * 1000) / measuredMs) : 0,
      availability: finished ? round3((100 * (finished - unavailable)) / finished) : null,
      errorRate: finished ? round3((100 * this.failed) / finished) : null,
      errorsByKind,
      statusCodes,
      latency: toLatencyStats(this.latency.histogram, this.latency.extremes),
      serviceTime: this.serviceIsLatency
        ? toLatencyStats(this.latency.histogram, this.latency.extremes)
        : toLatencyStats(this.service.histogram, this.service.extremes),
      errorLatency: toLatencyStats(this.errorLatency.histogram, this.errorLatency.extremes),
      stability: windows.summary(measuredMs),
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
