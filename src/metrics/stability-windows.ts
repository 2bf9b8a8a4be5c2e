/**
 * Stability of a run over consecutive 10 s windows of measured time: the worst window p99
 * (`window.p99`) and the coefficient of variation of per-window throughput (`throughput_cv`).
 */
import { createHistogram, recordMicros, type Histogram } from './histogram.js';

/** Length of a stability window, ms of measured time. */
export const WINDOW_MS = 10_000;

/** One stability window: its span of measured time (ms), its completed requests and its p99 (ms). */
export interface StabilityWindow {
  startMs: number;
  /** The end of the window; the last one runs to the end of the measured time. */
  endMs: number;
  completed: number;
  /** `null` when the window had no successful request. */
  p99Ms: number | null;
}

/** A window still held as a histogram: the last two may yet be merged at the end of the run. */
interface OpenWindow {
  index: number;
  histogram: Histogram;
  completed: number;
  /** The window's exact largest latency, µs: its p99 never exceeds it (a bucket's edge may). */
  maxUs: number;
}

/**
 * Stability over consecutive 10 s windows of measured time: the worst window p99 and the
 * coefficient of variation of per-window throughput. The windows cover the whole measured run, every
 * successful request lands in one: the last window runs from its start to the end of the run (10 to
 * 20 s long, or shorter for a run under 10 s) and also takes the requests that finish in the grace
 * period. Only the last two windows are kept as histograms; earlier ones are kept as their p99.
 */
export class StabilityWindows {
  private readonly closed: StabilityWindow[] = [];
  private previous: OpenWindow | null = null;
  private current: OpenWindow = { index: 0, histogram: createHistogram(), completed: 0, maxUs: 0 };

  add(offsetMs: number, latencyUs: number, success: boolean): void {
    // Samples are recorded when a VU flushes them, not strictly in end order: a late one from a
    // closed window counts in the current one instead of reopening (and re-closing) windows.
    const index = Math.max(this.current.index, Math.floor(Math.max(0, offsetMs) / WINDOW_MS));
    if (index !== this.current.index) this.roll(index);
    if (success) {
      recordMicros(this.current.histogram, latencyUs);
      this.current.completed++;
      if (latencyUs > this.current.maxUs) this.current.maxUs = latencyUs;
    }
  }

  private roll(nextIndex: number): void {
    // Until the run ends, the last two windows may yet become one: only the one before them is final.
    let spare: Histogram | null = null;
    if (this.previous) {
      this.closed.push(summarise(this.previous, (this.previous.index + 1) * WINDOW_MS));
      spare = this.previous.histogram;
      spare.reset();
    }
    if (nextIndex === this.current.index + 1) {
      this.previous = this.current;
    } else {
      // Windows with no sample in between still count: zero throughput is part of the story.
      this.closed.push(summarise(this.current, (this.current.index + 1) * WINDOW_MS));
      for (let i = this.current.index + 1; i < nextIndex - 1; i++) this.closed.push(emptyWindow(i));
      this.current.histogram.reset();
      this.previous = { index: nextIndex - 1, histogram: this.current.histogram, completed: 0, maxUs: 0 };
    }
    this.current = { index: nextIndex, histogram: spare ?? createHistogram(), completed: 0, maxUs: 0 };
  }

  /**
   * The windows of a run whose measured time is `measuredMs`: whole 10 s windows, the last one
   * stretched to the end. Pure: reading mid-run (a snapshot) changes nothing.
   */
  list(measuredMs: number): StabilityWindow[] {
    const last = Math.max(0, Math.floor(measuredMs / WINDOW_MS) - 1);
    const open = this.previous ? [this.previous, this.current] : [this.current];
    const windows = [...this.closed];
    const tail: OpenWindow[] = [];
    for (const w of open) {
      if (w.index < last) windows.push(summarise(w, (w.index + 1) * WINDOW_MS));
      else tail.push(w);
    }
    for (let i = windows.length; i < last; i++) windows.push(emptyWindow(i));
    const start = Math.min(windows.length, tail[0]?.index ?? last) * WINDOW_MS;
    windows.push(summarise(mergeWindows(tail), Math.max(measuredMs, start), start));
    return windows;
  }

  summary(measuredMs: number): { windowP99: number | null; throughputCv: number | null } {
    const windows = this.list(measuredMs);
    const p99s = windows.flatMap((w) => (w.p99Ms === null ? [] : [w.p99Ms]));
    // A window that lies wholly after the measured time (only grace-period requests) has no rate.
    const throughputs = windows.filter((w) => w.endMs > w.startMs).map((w) => (w.completed * 1000) / (w.endMs - w.startMs));
    return {
      windowP99: p99s.length === 0 ? null : Math.max(...p99s),
      throughputCv: coefficientOfVariation(throughputs),
    };
  }
}

function summarise(w: OpenWindow, endMs: number, startMs = w.index * WINDOW_MS): StabilityWindow {
  const p99Ms = w.histogram.totalCount > 0 ? Math.round(Math.min(w.histogram.getValueAtPercentile(99), w.maxUs)) / 1000 : null;
  return { startMs, endMs, completed: w.completed, p99Ms };
}

function emptyWindow(index: number): StabilityWindow {
  return { startMs: index * WINDOW_MS, endMs: (index + 1) * WINDOW_MS, completed: 0, p99Ms: null };
}

/** The last windows as one (by their histograms, never by their percentiles). */
function mergeWindows(tail: readonly OpenWindow[]): OpenWindow {
  if (tail.length === 1) return tail[0];
  const histogram = createHistogram();
  for (const w of tail) if (w.histogram.totalCount > 0) histogram.add(w.histogram);
  return { index: tail[0]?.index ?? 0, histogram, completed: tail.reduce((n, w) => n + w.completed, 0), maxUs: Math.max(0, ...tail.map((w) => w.maxUs)) };
}

/** stdev / mean of at least two values; null when it cannot be computed. */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return null;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.round((Math.sqrt(variance) / mean) * 10_000) / 10_000;
}
