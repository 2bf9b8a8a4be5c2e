import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, StabilityWindows, WINDOW_MS } from '../../src/metrics/stability-windows.js';

describe('StabilityWindows', () => {
  /** `n` successes of `ms` latency spread over window `w`. */
  function fill(windows: StabilityWindows, w: number, n: number, ms: number): void {
    for (let i = 0; i < n; i++) windows.add(w * WINDOW_MS + (i * WINDOW_MS) / n, ms * 1000, true);
  }

  it('windowP99 is the worst window p99; throughputCv over whole windows', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    fill(windows, 1, 20, 1.5);
    fill(windows, 2, 10, 1.2);
    const { windowP99, throughputCv } = windows.summary(30_000);
    expect(windowP99).toBe(1.5);
    // Throughputs 1, 2, 1 per second: stdev √(2/9) over mean 4/3.
    expect(throughputCv).toBeCloseTo(Math.sqrt(2 / 9) / (4 / 3), 4);
  });

  it('fewer than two whole windows: no throughput CV', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    fill(windows, 1, 5, 1);
    expect(windows.summary(15_000).throughputCv).toBeNull();
  });

  it('a run shorter than one window is judged on what it has', () => {
    const windows = new StabilityWindows();
    for (const ms of [0.5, 1.9, 0.7]) windows.add(1000, ms * 1000, true);
    expect(windows.summary(5000)).toEqual({ windowP99: 1.9, throughputCv: null });
  });

  it('a window with no sample counts as zero throughput', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    fill(windows, 2, 10, 1);
    // Throughputs 1, 0, 1: mean 2/3, stdev √(2/9).
    expect(windows.summary(30_000).throughputCv).toBeCloseTo(Math.sqrt(2 / 9) / (2 / 3), 4);
  });

  it('failures count in no window throughput and no window p99', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    for (let i = 0; i < 10; i++) windows.add(10_000 + i * 1000, 1_900_000, false);
    fill(windows, 1, 10, 1);
    expect(windows.summary(20_000)).toEqual({ windowP99: 1, throughputCv: 0 });
  });

  it('a late sample from a closed window does not reopen it', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    windows.add(10_000, 1000, true);
    windows.add(9_990, 1000, true); // recorded after window 1 began (flushed late by its VU)
    for (let i = 1; i < 10; i++) windows.add(10_000 + i * 1000, 1000, true);
    fill(windows, 2, 10, 1);
    expect(windows.summary(30_000).throughputCv).toBeCloseTo(Math.sqrt(((0.1 / 3) ** 2 * 2 + (0.2 / 3) ** 2) / 3) / (3.1 / 3), 4);
  });
});

describe('coefficientOfVariation', () => {
  it.each([
    { name: 'one value', values: [5], wanted: null },
    { name: 'no values', values: [], wanted: null },
    { name: 'all zero', values: [0, 0], wanted: null },
    { name: 'constant', values: [4, 4, 4], wanted: 0 },
    { name: 'two values', values: [1, 3], wanted: 0.5 },
  ])('$name → $wanted', ({ values, wanted }) => {
    expect(coefficientOfVariation(values)).toBe(wanted);
  });
});
