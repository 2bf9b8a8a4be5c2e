import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClosedExecutor } from '../../src/load/closed.js';
import { OpenExecutor } from '../../src/load/open.js';
import { constantProfile, type Profile } from '../../src/load/profile.js';
import { firstOwnedFrom, ownsIndex, share, shareOf } from '../../src/load/shard.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeDrivers } from './fake-driver.js';

describe('share(V, k, n)', () => {
  it.each([
    { name: 'even split', v: 12, n: 4, want: [3, 3, 3, 3] },
    { name: 'remainder to the first shards', v: 10, n: 4, want: [3, 3, 2, 2] },
    { name: 'V < n: some shards get none', v: 2, n: 5, want: [1, 1, 0, 0, 0] },
    { name: 'V = 0', v: 0, n: 3, want: [0, 0, 0] },
    { name: 'n = 1: the whole', v: 7, n: 1, want: [7] },
    { name: 'V = n', v: 3, n: 3, want: [1, 1, 1] },
  ])('$name: share($v, k, $n) = $want', ({ v, n, want }) => {
    expect(want.map((_, k) => share(v, k, n))).toEqual(want);
  });

  it.each([
    { name: 'k out of range', v: 3, k: 3, n: 3 },
    { name: 'negative V', v: -1, k: 0, n: 2 },
    { name: 'fractional V', v: 1.5, k: 0, n: 2 },
    { name: 'n = 0', v: 3, k: 0, n: 0 },
  ])('refuses $name', ({ v, k, n }) => {
    expect(() => share(v, k, n)).toThrow(RangeError);
  });

  it('property: the shares add up to V and differ by at most one', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 64 }), (v, n) => {
        const shares = Array.from({ length: n }, (_, k) => share(v, k, n));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(v);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('shareOf without a slice is the whole; ownsIndex and firstOwnedFrom stripe by j mod n', () => {
    expect(shareOf(9, null)).toBe(9);
    expect(shareOf(9, { index: 2, total: 4 })).toBe(2);
    expect([0, 1, 2, 3, 4, 5, 6].filter((j) => ownsIndex(j, { index: 1, total: 3 }))).toEqual([1, 4]);
    expect(firstOwnedFrom(5, { index: 1, total: 3 })).toBe(7);
    expect(firstOwnedFrom(7, { index: 1, total: 3 })).toBe(7);
    expect(firstOwnedFrom(5, null)).toBe(5);
  });
});

/** Every arrival an open executor starts (global index, scheduled offset), with VUs that end at once. */
async function openSchedule(profile: Profile, iterations: number | null, shard?: { index: number; total: number }): Promise<Array<[number, number]>> {
  const clock = new FakeClock(1000);
  const drivers = new FakeDrivers(clock, true);
  const executor = new OpenExecutor({ profile, maxVus: 1000, iterations, shard }, drivers.factory, clock);
  const run = executor.run();
  clock.advanceBy(60_000);
  await run;
  return drivers.begins.map((b): [number, number] => [b.iteration, b.scheduledAt - 1000]);
}

const rampProfile = fc.record({
  start: fc.integer({ min: 0, max: 40 }),
  stages: fc.array(fc.record({ durationMs: fc.integer({ min: 100, max: 3000 }), target: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 3 }),
});

describe('open model: the union of n shards is the one-process schedule', () => {
  it.each([
    { name: 'ramp up', profile: { start: 0, stages: [{ durationMs: 2000, target: 30 }] } },
    { name: 'ramp down then hold', profile: { start: 20, stages: [{ durationMs: 1000, target: 5 }, { durationMs: 1000, target: 5 }] } },
    { name: 'constant', profile: constantProfile(17, 1000) },
  ])('$name, 3 shards', async ({ profile }) => {
    const whole = await openSchedule(profile, null);
    const parts = (await Promise.all([0, 1, 2].map((index) => openSchedule(profile, null, { index, total: 3 })))).flat();
    expect(parts.sort((a, b) => a[0] - b[0])).toEqual(whole);
    expect(whole.length).toBeGreaterThan(5);
  });

  it('property: any ramp, any shard count, with or without an iteration limit', async () => {
    await fc.assert(
      fc.asyncProperty(rampProfile, fc.integer({ min: 1, max: 7 }), fc.option(fc.integer({ min: 0, max: 60 })), async (profile, n, iterations) => {
        const whole = await openSchedule(profile, iterations);
        const parts: Array<[number, number]> = [];
        for (let index = 0; index < n; index++) {
          const mine = await openSchedule(profile, iterations, { index, total: n });
          expect(mine.every(([j]) => j % n === index)).toBe(true);
          parts.push(...mine);
        }
        expect(parts.sort((a, b) => a[0] - b[0])).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('open model: a shard that starts late', () => {
  it('counts the arrivals due before it started as dropped instead of bursting them', async () => {
    const clock = new FakeClock(10_000);
    const drivers = new FakeDrivers(clock, true);
    const executor = new OpenExecutor({ profile: constantProfile(10, 2000), maxVus: 100, iterations: null, shard: { index: 0, total: 2 } }, drivers.factory, clock);
    const run = executor.run(10_000 - 1000); // the shared start was 1 s ago
    clock.advanceBy(5000);
    await run;
    // Global arrivals 0..19 every 100 ms; this shard owns the even ones; 0..8 were due in the missed second.
    expect(drivers.begins.map((b) => b.iteration)).toEqual([10, 12, 14, 16, 18]);
    expect(executor.dropped).toBe(5);
    expect(executor.missed).toBe(5);
    expect(drivers.begins[0].scheduledAt).toBe(10_000);
  });

  it('within the tolerance, a slightly late start is lag, not drops', async () => {
    const clock = new FakeClock(10_000);
    const drivers = new FakeDrivers(clock, true);
    const executor = new OpenExecutor({ profile: constantProfile(10, 1000), maxVus: 100, iterations: null }, drivers.factory, clock);
    const run = executor.run(10_000 - 50);
    clock.advanceBy(5000);
    await run;
    expect(executor.started).toBe(10);
    expect(executor.dropped).toBe(0);
  });
});

describe('closed model: shards share the VUs at every moment', () => {
  async function closedVus(profile: Profile, shard: { index: number; total: number } | undefined, at: number[]): Promise<number[]> {
    const clock = new FakeClock(0);
    const drivers = new FakeDrivers(clock);
    const executor = new ClosedExecutor({ profile, iterations: null, shard }, drivers.factory, clock);
    const run = executor.run();
    const seen: number[] = [];
    for (const t of at) {
      clock.advanceTo(t);
      seen.push(executor.active);
    }
    executor.stop();
    drivers.endAll();
    await run;
    return seen;
  }

  it.each([
    { name: 'constant 10 VUs over 4 shards', profile: constantProfile(10, 5000) },
    { name: 'V < n: 2 VUs over 4 shards', profile: constantProfile(2, 5000) },
    { name: 'ramp 0 → 9 over 4 shards', profile: { start: 0, stages: [{ durationMs: 4000, target: 9 }] } },
  ])('$name: the shards add up to the one-process VUs', async ({ profile }) => {
    const at = [50, 1050, 2050, 3050, 3950];
    const whole = await closedVus(profile, undefined, at);
    const parts = await Promise.all([0, 1, 2, 3].map((index) => closedVus(profile, { index, total: 4 }, at)));
    const sums = at.map((_, i) => parts.reduce((sum, p) => sum + p[i], 0));
    expect(sums).toEqual(whole);
  });
});
