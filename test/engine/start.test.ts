import { describe, expect, it } from 'vitest';
import { forShard, shardSeed, startPoint } from '../../src/engine/start.js';
import { Warnings } from '../../src/engine/warnings.js';
import { OpenExecutor } from '../../src/load/open.js';
import { constantProfile } from '../../src/load/profile.js';
import { FakeClock, isSettled } from '../helpers/fake-clock.js';
import { FakeDrivers } from '../load/fake-driver.js';

describe('shardSeed', () => {
  it('keeps the seed for a whole run and for one shard of one, derives a distinct reproducible one per shard', () => {
    expect(shardSeed(42, null)).toBe(42);
    expect(shardSeed(42, { index: 1, total: 1 })).toBe(42);
    const seeds = [1, 2, 3, 4].map((index) => shardSeed(42, { index, total: 4 }));
    expect(new Set(seeds).size).toBe(4);
    expect([1, 2, 3, 4].map((index) => shardSeed(42, { index, total: 4 }))).toEqual(seeds);
  });
});

describe('forShard', () => {
  it('a shard is offered its stripe of the rate; achieved is its own', () => {
    expect(forShard({ offeredRate: 400, achievedRate: 99 }, { total: 4 })).toEqual({ offeredRate: 100, achievedRate: 99 });
    expect(forShard({ offeredRate: null, achievedRate: 5 }, { total: 4 })).toEqual({ offeredRate: null, achievedRate: 5 });
    expect(forShard({ offeredRate: 400, achievedRate: 400 }, null)).toEqual({ offeredRate: 400, achievedRate: 400 });
  });
});

describe('startPoint', () => {
  const wall = Date.parse('2026-06-01T12:00:03Z');
  it('without --start-at starts now', () => {
    const clock = new FakeClock(500);
    expect(startPoint(null, () => new Date(wall), clock, new Warnings())).toEqual({ origin: 500, wallStart: new Date(wall) });
  });

  it('an instant ahead maps to a monotonic origin ahead; one behind to an origin behind, with a warning', () => {
    const clock = new FakeClock(10_000);
    const messages: string[] = [];
    const warnings = new Warnings((m) => messages.push(m));
    expect(startPoint(wall + 2000, () => new Date(wall), clock, warnings)).toEqual({ origin: 12_000, wallStart: new Date(wall + 2000) });
    expect(messages).toEqual([]);
    expect(startPoint(wall - 3000, () => new Date(wall), clock, warnings)).toEqual({ origin: 7000, wallStart: new Date(wall - 3000) });
    expect(messages).toEqual(['this shard started 3.0s after --start-at: the arrivals it missed are counted as dropped']);
  });

  it('an executor given an origin ahead sleeps until it, and a stop during the wait ends it at once', async () => {
    const clock = new FakeClock(0);
    const drivers = new FakeDrivers(clock, true);
    const executor = new OpenExecutor({ profile: constantProfile(10, 1000), maxVus: 10, iterations: null }, drivers.factory, clock);
    const run = executor.run(5000);
    clock.advanceTo(4999);
    expect(drivers.begins).toHaveLength(0);
    clock.advanceTo(5000);
    expect(drivers.begins.map((b) => b.scheduledAt)).toEqual([5000]);
    executor.stop();
    expect(await isSettled(run)).toBe(true);

    const waiting = new OpenExecutor({ profile: constantProfile(10, 1000), maxVus: 10, iterations: null }, new FakeDrivers(clock).factory, clock);
    const run2 = waiting.run(clock.now() + 3_600_000);
    waiting.stop();
    expect(await isSettled(run2)).toBe(true);
    expect(clock.pending).toBe(0);
  });
});
