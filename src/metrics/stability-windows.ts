/**
 * Stability of a run over consecutive 10 s windows of measured time: the worst window p99
 * (`window.p99`) and the coefficient of variation of per-window throughput (`throughput_cv`).
 */
import { createHistogram } from './histogram.js';

/** Length of a stability window, ms of measured time. */
export const WINDOW_MS = 10_000;

/**
 * Stability over consecutive 10 s windows of measured time: the worst window p99 and the
 * coefficient of variation of per-window throughput. Only whole windows count, except that a run
 * shorter than one window is judged on what it has.
 */
export class StabilityWindows {
  private index = 0;
  private current = createHistogram();
  private completedInWindow = 0;
  private worstP99Us: number | null = null;
  private readonly throughputs: number[] = [];

  add(offsetMs: number, latencyUs: number, success: boolean): void {
    // Samples are recorded when a VU flushes them, not strictly in end order: a late one from a
    // closed window counts in the current one instead of reopening (and re-closing) windows.
    const index = Math.max(this.index, Math.floor(Math.max(0, offsetMs) / WINDOW_MS));
    if (index !== this.index) this.roll(index);
    if (success) {
      this.current.recordValue(latencyUs);
      this.completedInWindow++;
    }
  }

  private roll(nextIndex: number): void {
    // Windows with no sample in between still count: zero throughput is part of the story.
    this.close();
    for (let i = this.index + 1; i < nextIndex; i++) this.throughputs.push(0);
    this.index = nextIndex;
  }

  private close(): void {
    if (this.current.totalCount > 0) {
      const p99 = this.current.getValueAtPercentile(99);
      this.worstP99Us = this.worstP99Us === null ? p99 : Math.max(this.worstP99Us, p99);
    }
    this.throughputs.push(this.completedInWindow / (WINDOW_MS / 1000));
    this.current.reset();
    this.completedInWindow = 0;
  }

  summary(measuredMs: number): { windowP99: number | null; throughputCv: number | null } {
    const whole = Math.floor(measuredMs / WINDOW_MS);
    const throughputs = this.throughputs.slice(0, whole);
    let worst = this.worstP99Us;
    const currentP99 = this.current.totalCount > 0 ? this.current.getValueAtPercentile(99) : null;
    if (this.index < whole) {
      // The current window is whole but not closed yet; any after it saw no sample.
      throughputs.push(this.completedInWindow / (WINDOW_MS / 1000));
      if (currentP99 !== null) worst = Math.max(worst ?? 0, currentP99);
      for (let i = this.index + 1; i < whole; i++) throughputs.push(0);
    } else if (whole === 0) {
      worst = currentP99;
    }
    return {
      windowP99: worst === null ? null : Math.round(worst) / 1000,
      throughputCv: coefficientOfVariation(throughputs),
    };
  }
}

/** stdev / mean of at least two values; null when it cannot be computed. */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return null;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.round((Math.sqrt(variance) / mean) * 10_000) / 10_000;
}
