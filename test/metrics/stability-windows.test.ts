import { describe, expect, it } from 'vitest';
import { toLatencyStats } from '../../src/metrics/histogram.js';
import { Distribution } from '../../src/metrics/slot.js';
import { coefficientOfVariation, StabilityWindows, WINDOW_MS } from '../../src/metrics/stability-windows.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** `n` successes of `ms` latency spread over window `w`. */
function fill(windows: StabilityWindows, w: number, n: number, ms: number): void {
  for (let i = 0; i < n; i++) windows.add(w * WINDOW_MS + (i * WINDOW_MS) / n, ms * 1000, true);
}

describe('StabilityWindows', () => {

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

  it('a window p99 never exceeds the exact max of its window (a histogram bucket\'s edge can)', () => {
    const windows = new StabilityWindows();
    windows.add(1000, 12_280, true); // its histogram bucket reads 12.287 ms
    fill(windows, 1, 10, 1);
    windows.add(19_000, 1_325_561, true); // 1326.079 in its bucket; the last window merges two
    expect(windows.list(20_000).map((w) => w.p99Ms)).toEqual([12.28, 1325.561]);
    expect(windows.summary(20_000).windowP99).toBe(1325.561);
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

describe('StabilityWindows cover the whole measured run', () => {

  it('a short last window is never dropped: a tail that saturates shows in window.p99', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 100, 1);
    fill(windows, 1, 100, 1);
    for (let i = 0; i < 50; i++) windows.add(20_000 + i * 100, 400_000, true); // 20–25 s: saturated
    const windowP99 = windows.summary(25_000).windowP99 as number;
    expect(windowP99).toBeGreaterThanOrEqual(400);
    expect(windowP99).toBeLessThan(401); // one HDR bucket above 400 ms
  });

  it('the short last window is merged into the one before it: 25 s is a 10 s and a 15 s window', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    fill(windows, 1, 10, 1);
    for (let i = 0; i < 5; i++) windows.add(20_000 + i * 1000, 1000, true);
    expect(windows.list(25_000).map((w) => [w.startMs, w.endMs, w.completed])).toEqual([[0, 10_000, 10], [10_000, 25_000, 15]]);
    // 10 per 10 s, then 15 per 15 s: the same rate, so no variation (the short window alone would say 5 per 5 s).
    expect(windows.summary(25_000).throughputCv).toBe(0);
  });

  it('a request that finishes in the grace period, after the measured time, lands in the last window', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    fill(windows, 1, 10, 1);
    windows.add(20_400, 900_000, true); // measured time ended at 20 s
    expect(windows.list(20_000).map((w) => [w.startMs, w.endMs, w.completed])).toEqual([[0, 10_000, 10], [10_000, 20_000, 11]]);
    expect(windows.summary(20_000).windowP99).toBeGreaterThanOrEqual(900);
  });

  it('windows with no sample up to the end count, as zero throughput', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    expect(windows.list(35_000).map((w) => [w.startMs, w.endMs, w.completed, w.p99Ms])).toEqual([
      [0, 10_000, 10, 1],
      [10_000, 20_000, 0, null],
      [20_000, 35_000, 0, null],
    ]);
  });

  it('does not change when read mid-run: a snapshot is not a close', () => {
    const windows = new StabilityWindows();
    fill(windows, 0, 10, 1);
    fill(windows, 1, 10, 2);
    const before = windows.list(25_000);
    expect(windows.list(25_000)).toEqual(before);
    fill(windows, 2, 10, 3);
    expect(windows.summary(30_000).windowP99).toBeCloseTo(3, 2);
  });

  it('property: every measured success lands in exactly one window, and window.p99 ≥ the overall p99', () => {
    const random = seededRandom(20261125);
    for (let run = 0; run < 300; run++) {
      const measuredMs = Math.round(500 + random() * 95_000);
      const graceMs = Math.round(random() * 5000);
      const samples = Math.floor(1 + random() * 400);
      const windows = new StabilityWindows();
      const all = new Distribution();
      let successes = 0;
      for (let i = 0; i < samples; i++) {
        // Mostly in end order, some flushed late; the last fifth of the run may saturate.
        const ideal = ((i + random()) / samples) * (measuredMs + graceMs);
        const offset = random() < 0.1 ? Math.max(0, ideal - random() * 300) : ideal;
        const slow = offset > measuredMs * 0.8 && random() < 0.5;
        const us = Math.round((slow ? 100 + random() * 400 : 1 + random() * 50) * 1000);
        const success = random() < 0.9;
        windows.add(offset, us, success);
        if (success) {
          all.add(us);
          successes++;
        }
      }
      const list = windows.list(measuredMs);
      expect(list.reduce((n, w) => n + w.completed, 0), `run ${run}`).toBe(successes);
      expect(list[0].startMs).toBe(0);
      list.slice(1).forEach((w, i) => expect(w.startMs, `run ${run}`).toBe(list[i].endMs));
      expect(list.at(-1)?.endMs, `run ${run}`).toBe(Math.max(measuredMs, list.at(-1)?.startMs ?? 0));
      const overallP99 = toLatencyStats(all.histogram, all.extremes).p99;
      const { windowP99 } = windows.summary(measuredMs);
      if (overallP99 === null) expect(windowP99).toBeNull();
      else expect(windowP99, `run ${run}: measured ${measuredMs} ms, ${successes} successes`).toBeGreaterThanOrEqual(overallP99);
    }
  });
});
