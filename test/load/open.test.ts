import { describe, expect, it, vi } from 'vitest';
import { END_SLACK_MS, MAX_STARTS_PER_TURN, OpenExecutor, type OpenOptions } from '../../src/load/open.js';
import { constantProfile } from '../../src/load/profile.js';
import { FakeClock, isSettled } from '../helpers/fake-clock.js';
import { FakeDrivers } from './fake-driver.js';

const START = 5000; // a clock that does not start at 0, so offsets from the start are checked

function setup(options: Partial<OpenOptions> & Pick<OpenOptions, 'profile'>) {
  const clock = new FakeClock(START);
  const drivers = new FakeDrivers(clock);
  const executor = new OpenExecutor({ maxVus: 100, iterations: null, ...options }, drivers.factory, clock);
  return { clock, drivers, executor };
}

describe('OpenExecutor: pacing', () => {
  it('rate 10/s for 1 s: exactly 10 begins at 0, 100, …, 900 ms with their scheduled times', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 1000) });
    const run = executor.run();
    clock.advanceBy(2000);
    await run;
    const wanted = Array.from({ length: 10 }, (_, j) => START + j * 100);
    expect(drivers.begins.map((b) => b.at)).toEqual(wanted);
    expect(drivers.begins.map((b) => b.scheduledAt)).toEqual(wanted);
    expect(drivers.begins.map((b) => b.iteration)).toEqual([...Array(10).keys()]);
    expect(executor.started).toBe(10);
    expect(executor.dropped).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('run() resolves at the end of the profile, not when the last arrival starts', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 1000) });
    const run = executor.run();
    clock.advanceBy(900);
    expect(drivers.begins).toHaveLength(10);
    expect(await isSettled(run)).toBe(false);
    clock.advanceBy(99);
    expect(await isSettled(run)).toBe(false);
    clock.advanceBy(1);
    expect(await isSettled(run)).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('reuses a free driver instead of creating one', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 1000) });
    const run = executor.run();
    for (let t = 0; t <= 1000; t += 100) {
      clock.advanceTo(START + t);
      drivers.endAll();
    }
    await run;
    expect(drivers.drivers).toHaveLength(1);
    expect(executor.started).toBe(10);
  });
});

describe('OpenExecutor: dropped iterations (k6 DroppedIterations)', () => {
  it('rate 10/s for 950 ms with 5 VUs that never finish: 5 started, 5 dropped, one warning', async () => {
    const onFirstDrop = vi.fn();
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 950), maxVus: 5, onFirstDrop });
    const run = executor.run();
    clock.advanceBy(2000);
    await run;
    expect(executor.started).toBe(5);
    expect(executor.dropped).toBe(5);
    expect(executor.active).toBe(5);
    expect(drivers.drivers).toHaveLength(5);
    expect(onFirstDrop).toHaveBeenCalledTimes(1);
    // Dropped arrivals are never started later: the five begins are the first five schedules.
    expect(drivers.begins.map((b) => b.scheduledAt)).toEqual([0, 100, 200, 300, 400].map((t) => START + t));
  });

  it('a driver freed in time takes the next arrival: nothing dropped', async () => {
    const onFirstDrop = vi.fn();
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 1000), maxVus: 1, onFirstDrop });
    const run = executor.run();
    for (let t = 0; t <= 1000; t += 100) {
      clock.advanceTo(START + t);
      drivers.endAll();
    }
    await run;
    expect([executor.started, executor.dropped]).toEqual([10, 0]);
    expect(onFirstDrop).not.toHaveBeenCalled();
  });
});

describe('OpenExecutor: stop conditions', () => {
  it('an iterations limit stops after exactly that many arrivals, once the last one has ended', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, null), iterations: 7 });
    const run = executor.run();
    clock.advanceBy(10_000);
    expect(drivers.begins.map((b) => b.iteration)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // The last iterations run to their end (no request of theirs is cut by the drain).
    expect(await isSettled(run)).toBe(false);
    drivers.endAll();
    await run;
    expect(clock.pending).toBe(0);
  });

  it('stop() ends the schedule at once: run() resolves and no timer is left', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 10_000) });
    const run = executor.run();
    clock.advanceBy(350);
    executor.stop();
    expect(await isSettled(run)).toBe(true);
    expect(clock.pending).toBe(0);
    clock.advanceBy(5000);
    expect(drivers.begins).toHaveLength(4);
  });

  it('idle() resolves when the last running iteration ends', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 300) });
    const run = executor.run();
    clock.advanceBy(1000);
    await run;
    expect(executor.active).toBe(3);
    const idle = executor.idle();
    drivers.drivers[0].end();
    drivers.drivers[1].end('failed');
    expect(await isSettled(idle)).toBe(false);
    drivers.drivers[2].end('interrupted');
    expect(await isSettled(idle)).toBe(true);
    expect(executor.active).toBe(0);
  });

  it('idle() resolves at once when nothing runs', async () => {
    const { executor } = setup({ profile: constantProfile(10, 300) });
    expect(await isSettled(executor.idle())).toBe(true);
  });
});

describe('OpenExecutor: schedule lag', () => {
  it('onLag receives now − scheduled; a late start keeps its scheduled time', async () => {
    const lags: number[] = [];
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 1000), onLag: (ms) => lags.push(ms) });
    const run = executor.run();
    clock.jump(250); // the event loop was blocked: the timer for 100 ms fires at 250 ms
    clock.fireDue();
    expect(drivers.begins.map((b) => [b.scheduledAt - START, b.at - START])).toEqual([
      [0, 0],
      [100, 250],
      [200, 250],
    ]);
    expect(lags).toEqual([0, 150, 50]);
    executor.stop();
    await run;
  });
});

describe('OpenExecutor: shard striping', () => {
  it('shard index 1 of 3 gets arrivals 1, 4, 7 at their global times', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(10, 1000), shard: { index: 1, total: 3 } });
    const run = executor.run();
    clock.advanceBy(2000);
    await run;
    expect(drivers.begins.map((b) => b.iteration)).toEqual([1, 4, 7]);
    expect(drivers.begins.map((b) => b.scheduledAt - START)).toEqual([100, 400, 700]);
  });

  it.each([
    { name: 'duration', iterations: null },
    { name: 'iterations limit', iterations: 10 },
  ])('the union of 3 shards is the single-machine schedule ($name)', async ({ iterations }) => {
    const all: Array<[number, number]> = [];
    for (let index = 0; index < 3; index++) {
      const { clock, drivers, executor } = setup({ profile: constantProfile(10, iterations ? null : 1000), iterations, shard: { index, total: 3 } });
      const run = executor.run();
      clock.advanceBy(2000);
      drivers.endAll();
      await run;
      all.push(...drivers.begins.map((b): [number, number] => [b.iteration, b.scheduledAt - START]));
    }
    all.sort((a, b) => a[0] - b[0]);
    expect(all).toEqual(Array.from({ length: 10 }, (_, j) => [j, j * 100]));
  });
});

describe('OpenExecutor: stopped before it started', () => {
  it('run() resolves at once and starts nothing (a signal during setup)', async () => {
    const { drivers, executor } = setup({ profile: constantProfile(10, 1000) });
    executor.stop();
    expect(await isSettled(executor.run())).toBe(true);
    expect(drivers.begins).toHaveLength(0);
  });
});

describe('OpenExecutor: bounded work per turn, whatever the rate (issue 9 #20)', () => {
  it('10^9/s for 1 s with 10 VUs that never finish: 10 started, the rest dropped by count, on time', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(1e9, 1000), maxVus: 10 });
    const run = executor.run();
    clock.advanceBy(1);
    expect(drivers.begins).toHaveLength(10);
    clock.advanceBy(999);
    expect(await isSettled(run)).toBe(true);
    expect(executor.started).toBe(10);
    expect(executor.started + executor.dropped).toBe(1e9);
  });

  it('at most MAX_STARTS_PER_TURN starts per turn; the rest follow on a 0 ms timer, so the loop is served', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(1e6, 1000), maxVus: 100_000 });
    const run = executor.run();
    // Arrivals 0 … 1,000 are due within the first millisecond; only MAX_STARTS_PER_TURN start now.
    clock.jump(1);
    clock.fireDue();
    expect(drivers.begins.length).toBeLessThanOrEqual(MAX_STARTS_PER_TURN + 1);
    expect(clock.pending).toBe(1);
    executor.stop();
    expect(await isSettled(run)).toBe(true);
  });

  it('a generator far behind drops its backlog at the end instead of starting it seconds late', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(100, 1000), maxVus: 1000 });
    const run = executor.run();
    clock.advanceBy(500);
    drivers.endAll();
    expect(executor.started).toBe(51);
    // The event loop is blocked from 500 ms to past the end and its slack: arrivals 510 … 990 ms are dropped.
    clock.jump(500 + END_SLACK_MS);
    clock.fireDue();
    expect(await isSettled(run)).toBe(true);
    expect(executor.started).toBe(51);
    expect(executor.dropped).toBe(49);
  });

  it('a timer a little late at the end still starts the last arrivals (late, lag recorded): counts stay exact', async () => {
    const lags: number[] = [];
    const { clock, executor } = setup({ profile: constantProfile(100, 1000), maxVus: 1000, onLag: (ms) => lags.push(ms) });
    const run = executor.run();
    clock.advanceBy(980);
    // Blocked from 980 ms to 1,030 ms: the arrival due at 990 ms starts 40 ms late.
    clock.jump(50);
    clock.fireDue();
    clock.advanceBy(100);
    expect(await isSettled(run)).toBe(true);
    expect(executor.started).toBe(100);
    expect(executor.dropped).toBe(0);
    expect(lags.at(-1)).toBe(40);
  });

  it('the backlog of a shard is dropped by its own stripe only', async () => {
    const { clock, executor } = setup({ profile: constantProfile(1e6, 1000), maxVus: 0, shard: { index: 1, total: 3 } });
    const run = executor.run();
    clock.advanceBy(1000);
    await run;
    // Global arrivals 0 … 999,999; this shard has j ≡ 1 (mod 3): 333,333 of them.
    expect(executor.started + executor.dropped).toBe(333_333);
  });
});
