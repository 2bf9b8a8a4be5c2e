import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalSchedule, constantArrivals, PoissonArrivals } from '../../src/load/arrivals.js';
import { OpenExecutor } from '../../src/load/open.js';
import { arrivalTime, arrivalsBy, constantProfile, type Profile } from '../../src/load/profile.js';
import { SeededRandom } from '../../src/scenario/rng.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeDrivers } from './fake-driver.js';

/** A stream factory: each call starts the same seeded stream afresh. */
const uniform = (seed: number) => () => {
  const random = new SeededRandom(seed);
  return () => random.next();
};

function dueTimes(schedule: { dueAt(j: number): number | null }, n: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    const t = schedule.dueAt(j);
    if (t === null) break;
    out.push(t);
  }
  return out;
}

function gapStats(times: number[]): { mean: number; cv: number } {
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (gaps.length - 1);
  return { mean, cv: Math.sqrt(variance) / mean };
}

describe('Poisson arrivals: exponential inter-arrival times of the same mean rate', () => {
  it.each([
    { rate: 50, seed: 1 },
    { rate: 200, seed: 7 },
    { rate: 3.5, seed: 12345 },
  ])('over 20,000 arrivals at $rate/s (seed $seed): mean gap within 2% of 1/rate, CV within 5% of 1', ({ rate, seed }) => {
    const times = dueTimes(new PoissonArrivals(constantProfile(rate, null), uniform(seed)), 20_001);
    expect(times).toHaveLength(20_001);
    const { mean, cv } = gapStats(times);
    expect(Math.abs(mean - 1000 / rate) / (1000 / rate)).toBeLessThan(0.02);
    expect(Math.abs(cv - 1)).toBeLessThan(0.05);
  });

  it('constant arrivals at the same rate have the same mean gap and no variation', () => {
    const { mean, cv } = gapStats(dueTimes(constantArrivals(constantProfile(50, null)), 20_001));
    expect(mean).toBeCloseTo(20, 9);
    expect(cv).toBeLessThan(1e-9);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = dueTimes(new PoissonArrivals(constantProfile(10, null), uniform(3)), 100);
    const b = dueTimes(new PoissonArrivals(constantProfile(10, null), uniform(3)), 100);
    const c = dueTimes(new PoissonArrivals(constantProfile(10, null), uniform(4)), 100);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('follows a ramp: arrivals per 10 s window match the integral of the rate (within 4 standard deviations)', () => {
    // 0 → 200/s over 100 s: about 10,000 arrivals, the rate changing all along.
    const profile: Profile = { start: 0, stages: [{ durationMs: 100_000, target: 200 }] };
    const times = dueTimes(new PoissonArrivals(profile, uniform(99)), 1_000_000);
    for (let w = 0; w < 10; w++) {
      const from = w * 10_000;
      const to = from + 10_000;
      const expected = arrivalsBy(profile, to) - arrivalsBy(profile, from);
      const counted = times.filter((t) => t >= from && t < to).length;
      expect(Math.abs(counted - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected) + 1);
    }
    expect(Math.abs(times.length - 10_000)).toBeLessThan(4 * Math.sqrt(10_000));
  });

  it('on a ramp, the gaps measured in expected arrivals are exponential of mean 1 (the time change)', () => {
    const profile: Profile = { start: 20, stages: [{ durationMs: 200_000, target: 180 }] };
    const times = dueTimes(new PoissonArrivals(profile, uniform(5)), 20_001);
    const expected = times.map((t) => arrivalsBy(profile, t));
    const { mean, cv } = gapStats(expected);
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(cv - 1)).toBeLessThan(0.05);
  });

  it('ends with the profile', () => {
    const times = dueTimes(new PoissonArrivals(constantProfile(100, 1000), uniform(1)), 10_000);
    expect(times.length).toBeGreaterThan(60);
    expect(times.length).toBeLessThan(140);
    expect(Math.max(...times)).toBeLessThan(1000);
  });

  it('walks again from the start when asked about an arrival it has passed', () => {
    const schedule = new PoissonArrivals(constantProfile(10, null), uniform(1));
    const forward = dueTimes(new PoissonArrivals(constantProfile(10, null), uniform(1)), 10);
    expect(schedule.dueAt(9)).toBe(forward[9]);
    expect(schedule.dueAt(4)).toBe(forward[4]);
    expect(schedule.dueAt(5)).toBe(forward[5]);
  });

  it.each([
    { name: 'constant', make: (p: Profile) => constantArrivals(p) },
    { name: 'poisson', make: (p: Profile) => new PoissonArrivals(p, uniform(8)) },
  ])('$name: countBefore and countBy agree with the due times, at growing and then earlier times', ({ make }) => {
    const profile: Profile = { start: 5, stages: [{ durationMs: 20_000, target: 80 }] };
    const times = dueTimes(make(profile), 100_000);
    const schedule = make(profile);
    for (const ms of [0, 1, 250, 999.5, 3000, 3000, 7777, 19_999, 20_000, 25_000, 500, 4000]) {
      expect(schedule.countBefore(ms)).toBe(times.filter((t) => t < ms).length);
      expect(schedule.countBy(ms)).toBe(times.filter((t) => t <= ms).length);
    }
    // An arrival exactly at a query time counts in countBy, not in countBefore.
    const exact = times[40];
    expect(schedule.countBy(exact) - schedule.countBefore(exact)).toBe(times.filter((t) => t === exact).length);
  });

  it('arrivalSchedule picks the process by name', () => {
    const profile = constantProfile(10, null);
    expect(arrivalSchedule('constant', profile, uniform(1)).dueAt(3)).toBe(arrivalTime(profile, 3));
    expect(arrivalSchedule('poisson', profile, uniform(1)).dueAt(3)).toBe(new PoissonArrivals(profile, uniform(1)).dueAt(3));
  });

  it('property: due times never decrease, and a constant schedule is arrivalTime', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 60_000 }),
        (seed, start, target, durationMs) => {
          const profile: Profile = { start, stages: [{ durationMs, target }, { durationMs: Number.POSITIVE_INFINITY, target }] };
          const poisson = dueTimes(new PoissonArrivals(profile, uniform(seed)), 200);
          for (let i = 1; i < poisson.length; i++) expect(poisson[i]).toBeGreaterThanOrEqual(poisson[i - 1]);
          const even = constantArrivals(profile);
          for (let j = 0; j < 50; j++) expect(even.dueAt(j)).toBe(arrivalTime(profile, j));
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('OpenExecutor with Poisson arrivals', () => {
  const START = 1000;

  function run(profile: Profile, seed: number, shard?: { index: number; total: number }) {
    const clock = new FakeClock(START);
    const drivers = new FakeDrivers(clock, true);
    const executor = new OpenExecutor(
      { profile, maxVus: 10, iterations: null, shard, arrivals: new PoissonArrivals(profile, uniform(seed)) },
      drivers.factory,
      clock,
    );
    const done = executor.run();
    clock.advanceBy(profileLength(profile) + 1);
    return { done, drivers, executor };
  }

  const profileLength = (p: Profile) => p.stages.reduce((s, x) => s + x.durationMs, 0);

  it('starts each arrival at its Poisson due time, as scheduled', async () => {
    const profile = constantProfile(40, 5000);
    const { done, drivers } = run(profile, 11);
    await done;
    const wanted = dueTimes(new PoissonArrivals(profile, uniform(11)), 10_000).map((t) => START + t);
    expect(drivers.begins.map((b) => b.scheduledAt)).toEqual(wanted);
    // Started on time, or at most one timer tick (1 ms, the shortest sleep) after a closer arrival.
    for (const b of drivers.begins) {
      expect(b.at).toBeGreaterThanOrEqual(b.scheduledAt);
      expect(b.at - b.scheduledAt).toBeLessThanOrEqual(1);
    }
    expect(drivers.begins.map((b) => b.iteration)).toEqual(wanted.map((_, j) => j));
  });

  it('shards stripe the same schedule: arrival j runs on shard j mod n, the union is the whole', async () => {
    const profile: Profile = { start: 10, stages: [{ durationMs: 4000, target: 90 }] };
    const whole = run(profile, 21);
    await whole.done;
    const parts = [0, 1, 2].map((index) => run(profile, 21, { index, total: 3 }));
    await Promise.all(parts.map((p) => p.done));
    parts.forEach((p, index) => expect(p.drivers.begins.every((b) => b.iteration % 3 === index)).toBe(true));
    const union = parts.flatMap((p) => p.drivers.begins).sort((a, b) => a.iteration - b.iteration);
    expect(union.map((b) => [b.iteration, b.scheduledAt])).toEqual(whole.drivers.begins.map((b) => [b.iteration, b.scheduledAt]));
  });

  it('drops Poisson arrivals by count when every VU is busy, warm-up ones apart, and the counts reconcile', async () => {
    const profile = constantProfile(200, 2000);
    const clock = new FakeClock(START);
    const drivers = new FakeDrivers(clock);
    const executor = new OpenExecutor(
      { profile, maxVus: 1, iterations: null, warmupMs: 500, arrivals: new PoissonArrivals(profile, uniform(3)) },
      drivers.factory,
      clock,
    );
    const done = executor.run();
    clock.advanceBy(5000);
    await done;
    const times = dueTimes(new PoissonArrivals(profile, uniform(3)), 100_000);
    expect(executor.started).toBe(1); // the one VU never finishes
    expect(executor.started + executor.dropped + executor.warmupDropped).toBe(times.length);
    expect(executor.warmupDropped).toBe(times.filter((t) => t < 500).length - 1);
  });
});
