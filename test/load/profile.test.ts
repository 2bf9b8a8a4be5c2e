import { describe, expect, it } from 'vitest';
import {
  arrivalTime,
  arrivalsBy,
  offeredRate,
  peakValue,
  constantProfile,
  profileDurationMs,
  valueAt,
  vusAt,
  type Profile,
} from '../../src/load/profile.js';

/** Every arrival time of a finite profile (guarded against endless ones). */
function arrivals(profile: Profile, limit = 100_000): number[] {
  const out: number[] = [];
  for (let j = 0; j < limit; j++) {
    const t = arrivalTime(profile, j);
    if (t === null) return out;
    out.push(t);
  }
  throw new Error(`more than ${limit} arrivals`);
}

const ramp = (from: number, to: number, ms: number): Profile => ({ start: from, stages: [{ durationMs: ms, target: to }] });

describe('arrivalTime: constant rate', () => {
  it.each([
    { name: '10/s', rate: 10, j: 0, wanted: 0 },
    { name: '10/s second arrival', rate: 10, j: 1, wanted: 100 },
    { name: '10/s tenth arrival', rate: 10, j: 9, wanted: 900 },
    { name: '50/s', rate: 50, j: 7, wanted: 140 },
    { name: '0.5/s', rate: 0.5, j: 3, wanted: 6000 },
    { name: '1000/s', rate: 1000, j: 999, wanted: 999 },
  ])('$name: arrival $j at $wanted ms (j/R s)', ({ rate, j, wanted }) => {
    expect(arrivalTime(constantProfile(rate, 10_000), j)).toBeCloseTo(wanted, 6);
  });

  it.each([
    { rate: 10, durationMs: 1000, wanted: 10 },
    { rate: 10, durationMs: 950, wanted: 10 },
    { rate: 50, durationMs: 10_000, wanted: 500 },
    { rate: 200, durationMs: 10_000, wanted: 2000 },
    { rate: 7, durationMs: 3000, wanted: 21 },
    { rate: 0.5, durationMs: 10_000, wanted: 5 },
  ])('$rate/s for $durationMs ms: exactly $wanted arrivals', ({ rate, durationMs, wanted }) => {
    const times = arrivals(constantProfile(rate, durationMs));
    expect(times).toHaveLength(wanted);
    expect(Math.max(...times)).toBeLessThan(durationMs);
  });

  it('arrivals are evenly spaced: no burst at the start of each second', () => {
    const times = arrivals(constantProfile(200, 5000));
    for (let j = 1; j < times.length; j++) expect(times[j] - times[j - 1]).toBeCloseTo(5, 6);
  });

  it('an endless profile always has a next arrival', () => {
    expect(arrivalTime(constantProfile(10, null), 1_000_000)).toBeCloseTo(100_000_000, 3);
  });

  it('a zero rate has no arrival', () => {
    expect(arrivalTime(constantProfile(0, 10_000), 0)).toBeNull();
  });
});

describe('arrivalTime: ramps', () => {
  it('a linear ramp 0 → 200/s over 10 s gives exactly 1000 arrivals', () => {
    const times = arrivals(ramp(0, 200, 10_000));
    expect(times).toHaveLength(1000);
    expect(times[0]).toBe(0);
    // ∫ rate = 10 t² (t in s): arrival j at √(j/10) s.
    expect(times[1]).toBeCloseTo(Math.sqrt(0.1) * 1000, 6);
    expect(times[999]).toBeCloseTo(Math.sqrt(99.9) * 1000, 6);
  });

  it('arrivals speed up along a rising ramp', () => {
    const times = arrivals(ramp(0, 200, 10_000));
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThanOrEqual(gaps[i - 1] + 1e-9);
  });

  it('ramp up then down: 0 → 100/s over 10 s, then → 0 over 10 s gives 1000 arrivals', () => {
    const profile: Profile = { start: 0, stages: [{ durationMs: 10_000, target: 100 }, { durationMs: 10_000, target: 0 }] };
    const times = arrivals(profile);
    expect(times).toHaveLength(1000);
    expect(times.filter((t) => t < 10_000)).toHaveLength(500);
    expect(times.at(-1)).toBeLessThan(20_000);
  });

  it('a ramp down from 100/s to 50/s over 10 s gives 750 arrivals', () => {
    expect(arrivals(ramp(100, 50, 10_000))).toHaveLength(750);
  });

  it('arrival times are strictly increasing across stages', () => {
    const profile: Profile = { start: 5, stages: [{ durationMs: 2000, target: 50 }, { durationMs: 3000, target: 50 }, { durationMs: 1000, target: 10 }] };
    const times = arrivals(profile);
    for (let j = 1; j < times.length; j++) expect(times[j]).toBeGreaterThan(times[j - 1]);
    expect(times.length).toBe(Math.floor(arrivalsBy(profile, profileDurationMs(profile)) + 1e-9));
  });
});

describe('valueAt and vusAt', () => {
  const profile: Profile = { start: 0, stages: [{ durationMs: 1000, target: 10 }, { durationMs: 1000, target: 10 }, { durationMs: 1000, target: 0 }] };

  it.each([
    { t: 0, value: 0, vus: 0 },
    { t: 150, value: 1.5, vus: 1 },
    { t: 300, value: 3, vus: 3 },
    { t: 999, value: 9.99, vus: 9 },
    { t: 1000, value: 10, vus: 10 },
    { t: 1500, value: 10, vus: 10 },
    { t: 2250, value: 7.5, vus: 7 },
    { t: 3000, value: 0, vus: 0 },
    { t: 9000, value: 0, vus: 0 },
  ])('at $t ms: value $value, VUs $vus (floor while ramping)', ({ t, value, vus }) => {
    expect(valueAt(profile, t)).toBeCloseTo(value, 9);
    expect(vusAt(profile, t)).toBe(vus);
  });

  it('the last target holds after the end', () => {
    expect(valueAt(ramp(0, 40, 1000), 5000)).toBe(40);
  });

  it('a zero-length stage jumps to its target', () => {
    const jump: Profile = { start: 0, stages: [{ durationMs: 0, target: 8 }, { durationMs: 1000, target: 8 }] };
    expect(vusAt(jump, 0)).toBe(8);
    expect(arrivalTime(jump, 0)).toBe(0);
    expect(arrivalTime(jump, 1)).toBeCloseTo(125, 6);
  });

  it('profileDurationMs sums the stages', () => {
    expect(profileDurationMs(profile)).toBe(3000);
    expect(profileDurationMs(constantProfile(3, null))).toBe(Infinity);
  });
});

describe('peakValue', () => {
  it('is the highest of the start and the stage targets', () => {
    expect(peakValue(constantProfile(50, 10_000))).toBe(50);
    expect(peakValue(constantProfile(7, null))).toBe(7);
    expect(peakValue({ start: 0, stages: [{ durationMs: 1000, target: 2000 }, { durationMs: 5000, target: 2000 }, { durationMs: 1000, target: 0 }] })).toBe(2000);
    expect(peakValue({ start: 900, stages: [{ durationMs: 1000, target: 10 }] })).toBe(900);
    expect(peakValue({ start: 0, stages: [] })).toBe(0);
  });
});

describe('arrivalsBy', () => {
  it.each([
    { name: 'constant, half way', profile: constantProfile(10, 1000), t: 500, wanted: 5 },
    { name: 'constant, at the end', profile: constantProfile(10, 1000), t: 1000, wanted: 10 },
    { name: 'constant, after the end', profile: constantProfile(10, 1000), t: 5000, wanted: 10 },
    { name: 'ramp, half way', profile: ramp(0, 200, 10_000), t: 5000, wanted: 250 },
    { name: 'ramp, at the end', profile: ramp(0, 200, 10_000), t: 10_000, wanted: 1000 },
    { name: 'nothing yet', profile: constantProfile(10, 1000), t: 0, wanted: 0 },
  ])('$name: $wanted', ({ profile, t, wanted }) => {
    expect(arrivalsBy(profile, t)).toBeCloseTo(wanted, 9);
  });

  it('agrees with arrivalTime: arrivals due by t are ⌈arrivalsBy(t)⌉ on a ramp', () => {
    const profile = ramp(0, 200, 10_000);
    const times = arrivals(profile);
    for (const t of [1234, 4321, 7777, 9999]) {
      expect(times.filter((x) => x < t)).toHaveLength(Math.ceil(arrivalsBy(profile, t) - 1e-9));
    }
  });
});

describe('offeredRate: the schedule mean over a window (issue 9 #3)', () => {
  it.each([
    { name: 'constant 20/s', profile: constantProfile(20, 10_000), from: 0, to: 10_000, want: 20 },
    { name: 'ramp 20 → 100/s over 25 s: the mean, not the start', profile: ramp(20, 100, 25_000), from: 0, to: 25_000, want: 60 },
    { name: 'ramp from 0 to 100/s over 30 s', profile: ramp(0, 100, 30_000), from: 0, to: 30_000, want: 50 },
    { name: 'the second half of a 0 → 100/s ramp', profile: ramp(0, 100, 10_000), from: 5_000, to: 10_000, want: 75 },
    { name: 'a window past the end of the profile offers nothing', profile: ramp(0, 10, 1_000), from: 1_000, to: 3_000, want: 0 },
    { name: 'an empty window', profile: constantProfile(20, 10_000), from: 5_000, to: 5_000, want: 0 },
  ])('$name', ({ profile, from, to, want }) => {
    expect(offeredRate(profile, from, to)).toBeCloseTo(want, 9);
  });

  it('agrees with the arrivals the schedule actually has', () => {
    const profile: Profile = { start: 0, stages: [{ durationMs: 10_000, target: 100 }, { durationMs: 5_000, target: 100 }] };
    const count = arrivals(profile).length;
    expect(offeredRate(profile, 0, 15_000) * 15).toBeCloseTo(count, -1);
  });
});
