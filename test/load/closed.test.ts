import { describe, expect, it } from 'vitest';
import { ClosedExecutor, rampedVus, type ClosedOptions } from '../../src/load/closed.js';
import { constantProfile, type Profile } from '../../src/load/profile.js';
import { FakeClock, flushImmediates, isSettled } from '../helpers/fake-clock.js';
import { FakeDrivers } from './fake-driver.js';

const START = 1000;

function setup(options: Partial<ClosedOptions> & Pick<ClosedOptions, 'profile'>, endInsideBegin = false) {
  const clock = new FakeClock(START);
  const drivers = new FakeDrivers(clock, endInsideBegin);
  const executor = new ClosedExecutor({ iterations: null, ...options }, drivers.factory, clock);
  return { clock, drivers, executor };
}

/** Running driver ids, sorted. */
const busyIds = (drivers: FakeDrivers) => drivers.busy.map((d) => d.id).sort((a, b) => a - b);

describe('ClosedExecutor: constant VUs', () => {
  it('N VUs begin at once, each with the current time as its schedule', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(3, 1000) });
    const run = executor.run();
    expect(drivers.begins).toEqual([
      { driver: 0, scheduledAt: START, iteration: 0, at: START },
      { driver: 1, scheduledAt: START, iteration: 1, at: START },
      { driver: 2, scheduledAt: START, iteration: 2, at: START },
    ]);
    expect(executor.active).toBe(3);
    executor.stop();
    await run;
  });

  it('each VU begins again when its iteration is done, until the profile ends', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(2, 1000) });
    const run = executor.run();
    clock.advanceBy(250);
    drivers.drivers[0].end();
    expect(drivers.begins.at(-1)).toEqual({ driver: 0, scheduledAt: START + 250, iteration: 2, at: START + 250 });
    drivers.drivers[1].end('failed');
    drivers.drivers[0].end();
    expect(drivers.begins.map((b) => b.iteration)).toEqual([0, 1, 2, 3, 4]);
    expect(busyIds(drivers)).toEqual([0, 1]);

    clock.advanceBy(800); // past the end: the control tick stops the run
    expect(await isSettled(run)).toBe(true);
    drivers.endAll();
    expect(drivers.begins).toHaveLength(5);
    expect(executor.active).toBe(0);
    expect(await isSettled(executor.idle())).toBe(true);
  });

  it('an iteration that ends after the profile stops the run without starting another', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(1, 1000) });
    const run = executor.run();
    clock.jump(1500); // no control tick has run since the end
    drivers.drivers[0].end();
    expect(await isSettled(run)).toBe(true);
    expect(drivers.begins).toHaveLength(1);
  });

  it('idle() waits for the iterations still running after run() resolved', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(2, 500) });
    const run = executor.run();
    clock.advanceBy(600);
    await run;
    const idle = executor.idle();
    drivers.drivers[0].end();
    expect(await isSettled(idle)).toBe(false);
    drivers.drivers[1].end('interrupted');
    expect(await isSettled(idle)).toBe(true);
  });
});

describe('ClosedExecutor: ramping stages', () => {
  const profile: Profile = { start: 0, stages: [{ durationMs: 1000, target: 10 }, { durationMs: 1000, target: 10 }] };

  it.each([
    { t: 0, vus: 0 },
    { t: 100, vus: 1 },
    { t: 350, vus: 3 },
    { t: 500, vus: 5 },
    { t: 900, vus: 9 },
    { t: 1000, vus: 10 },
    { t: 1900, vus: 10 },
  ])('VUs start as the target rises: $vus running at $t ms', async ({ t, vus }) => {
    const { clock, drivers, executor } = setup({ profile });
    const run = executor.run();
    clock.advanceBy(t);
    expect(busyIds(drivers)).toEqual([...Array(vus).keys()]);
    expect(executor.active).toBe(vus);
    executor.stop();
    await run;
  });

  it('VUs above a falling target finish their iteration and rest', async () => {
    const down: Profile = { start: 4, stages: [{ durationMs: 1000, target: 4 }, { durationMs: 1000, target: 0 }] };
    const { clock, drivers, executor } = setup({ profile: down });
    const run = executor.run();
    clock.advanceBy(1500); // target 2
    drivers.endAll();
    expect(busyIds(drivers)).toEqual([0, 1]);
    clock.advanceBy(150); // target 1: VU 1 keeps its running iteration, then rests
    drivers.endAll();
    expect(busyIds(drivers)).toEqual([0]);
    clock.advanceBy(400); // the end
    expect(await isSettled(run)).toBe(true);
    drivers.endAll();
    expect(busyIds(drivers)).toEqual([]);
    expect(drivers.drivers).toHaveLength(4);
  });

  it('a resting VU starts again when the target rises', async () => {
    const wave: Profile = {
      start: 2,
      stages: [
        { durationMs: 500, target: 2 },
        { durationMs: 0, target: 1 },
        { durationMs: 500, target: 1 },
        { durationMs: 0, target: 2 },
        { durationMs: 500, target: 2 },
      ],
    };
    const { clock, drivers, executor } = setup({ profile: wave });
    const run = executor.run();
    expect(busyIds(drivers)).toEqual([0, 1]);
    clock.advanceBy(600); // target 1
    drivers.endAll();
    expect(busyIds(drivers)).toEqual([0]);
    clock.advanceBy(500); // target 2 again from 1000 ms: that control tick wakes VU 1
    expect(busyIds(drivers)).toEqual([0, 1]);
    expect(drivers.begins.filter((b) => b.driver === 1).map((b) => b.at - START)).toEqual([0, 1000]);
    executor.stop();
    await run;
  });
});

describe('ClosedExecutor: ramp-up (VUs started evenly, not in one burst)', () => {
  it('4 VUs over 1 s: VU i begins at i × 250 ms, each with its own start as its schedule', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(4, 5000), rampUpMs: 1000 });
    const run = executor.run();
    clock.advanceBy(2000);
    expect(drivers.begins.map((b) => [b.driver, b.at - START, b.scheduledAt - START])).toEqual([
      [0, 0, 0],
      [1, 250, 250],
      [2, 500, 500],
      [3, 750, 750],
    ]);
    executor.stop();
    await run;
  });

  it('50,000 VUs over 2 s: never more than the schedule allows at once, each within 1 ms of its slot', async () => {
    const vus = 50_000;
    const rampUpMs = 2000;
    const { clock, drivers, executor } = setup({ profile: constantProfile(vus, 10_000), rampUpMs });
    const run = executor.run();
    const timersBefore = clock.pending;
    clock.advanceBy(rampUpMs);
    expect(drivers.begins).toHaveLength(vus);
    const at = drivers.begins.map((b) => b.at - START);
    drivers.begins.forEach((b, i) => {
      expect(b.driver).toBe(i);
      const slot = (i * rampUpMs) / vus;
      expect(at[i]).toBeGreaterThanOrEqual(Math.floor(slot));
      expect(at[i]).toBeLessThanOrEqual(slot + 1);
    });
    // 25 VUs are due per ms: no ms starts more than that (plus the rounding of the slot edges).
    const perMs = new Map<number, number>();
    for (const t of at) perMs.set(t, (perMs.get(t) ?? 0) + 1);
    expect(Math.max(...perMs.values())).toBeLessThanOrEqual(26);
    expect(timersBefore).toBe(1); // one control timer at a time, never one per VU
    expect(clock.pending).toBe(1);
    executor.stop();
    await run;
  });

  it('ramp-up 0 (a burst on request): every VU begins at once', async () => {
    const { drivers, executor } = setup({ profile: constantProfile(500, 1000), rampUpMs: 0 });
    const run = executor.run();
    expect(drivers.begins).toHaveLength(500);
    expect(new Set(drivers.begins.map((b) => b.at))).toEqual(new Set([START]));
    executor.stop();
    await run;
  });

  it('after the ramp-up, stages are followed: each added VU begins when the ramp reaches it', async () => {
    const profile: Profile = { start: 2, stages: [{ durationMs: 1000, target: 2 }, { durationMs: 400, target: 6 }, { durationMs: 600, target: 6 }] };
    const { clock, drivers, executor } = setup({ profile, rampUpMs: 500 });
    const run = executor.run();
    clock.advanceBy(1900);
    expect(drivers.begins.map((b) => [b.driver, b.at - START])).toEqual([
      [0, 0],
      [1, 250],
      [2, 1100],
      [3, 1200],
      [4, 1300],
      [5, 1400],
    ]);
    executor.stop();
    await run;
  });

  it('rampedVus: VU i is due at i × rampUpMs / N', () => {
    expect([0, 1, 249, 250, 999, 1000, 5000].map((t) => rampedVus(4, 1000, t))).toEqual([1, 1, 1, 2, 4, 4, 4]);
    expect(rampedVus(4, 0, 0)).toBe(4);
  });
});

describe('ClosedExecutor: iterations limit', () => {
  it.each([
    { vus: 1, iterations: 1 },
    { vus: 3, iterations: 10 },
    { vus: 5, iterations: 3 },
  ])('$vus VUs, $iterations iterations: exactly that many begin, then run() resolves', async ({ vus, iterations }) => {
    const { drivers, executor } = setup({ profile: constantProfile(vus, null), iterations });
    const run = executor.run();
    for (let guard = 0; drivers.busy.length && guard < 100; guard++) drivers.endAll();
    expect(await isSettled(run)).toBe(true);
    expect(drivers.begins.map((b) => b.iteration).sort((a, b) => a - b)).toEqual([...Array(iterations).keys()]);
    expect(executor.started).toBe(iterations);
    expect(executor.active).toBe(0);
  });

  it('run() waits for the last iterations to end (the count is of whole iterations)', async () => {
    const { drivers, executor } = setup({ profile: constantProfile(2, null), iterations: 3 });
    const run = executor.run();
    drivers.drivers[0].end(); // begins iteration 2, the last
    drivers.drivers[1].end();
    expect(executor.started).toBe(3);
    expect(await isSettled(run)).toBe(false);
    drivers.drivers[0].end();
    expect(await isSettled(run)).toBe(true);
  });

  it('shard striping: index 1 of 3 runs global iterations 1, 4, 7 of 9', async () => {
    const { drivers, executor } = setup({ profile: constantProfile(2, null), iterations: 9, shard: { index: 1, total: 3 } });
    const run = executor.run();
    for (let guard = 0; drivers.busy.length && guard < 100; guard++) drivers.endAll();
    await run;
    expect(drivers.begins.map((b) => b.iteration)).toEqual([1, 4, 7]);
  });
});

describe('ClosedExecutor: an iteration that ends inside begin()', () => {
  it('is not re-begun recursively: the next begin waits for the next turn of the event loop', async () => {
    const { drivers, executor } = setup({ profile: constantProfile(2, null), iterations: 500 }, true);
    const run = executor.run();
    expect(drivers.begins).toHaveLength(2); // nothing re-begun inside run()
    for (let guard = 0; !(await isSettled(run)) && guard < 2000; guard++) await flushImmediates();
    expect(await isSettled(run)).toBe(true);
    expect(drivers.maxDepth).toBe(1);
    expect(executor.started).toBe(500);
    expect(executor.active).toBe(0);
  });

  it('lets timers run between iterations: the profile end stops the loop', async () => {
    const { clock, drivers, executor } = setup({ profile: constantProfile(1, 1000) }, true);
    const run = executor.run();
    for (let turn = 0; turn < 20; turn++) {
      await flushImmediates();
      clock.advanceBy(100);
    }
    expect(await isSettled(run)).toBe(true);
    const count = drivers.begins.length;
    await flushImmediates();
    await flushImmediates();
    expect(drivers.begins).toHaveLength(count);
    expect(drivers.maxDepth).toBe(1);
    expect(executor.active).toBe(0);
  });
});
