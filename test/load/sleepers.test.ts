import { describe, expect, it } from 'vitest';
import { Sleepers } from '../../src/load/sleepers.js';
import { SeededRandom } from '../../src/scenario/rng.js';
import { FakeClock } from '../helpers/fake-clock.js';

const START = 10_000;

/** Let resolved sleeps' continuations run. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Sleepers: coalesced think-time timers on the run clock', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: 2,000 random sleeps each wake at their due millisecond, in due order, FIFO within one', async (seed) => {
    const random = new SeededRandom(seed);
    const clock = new FakeClock(START);
    const sleepers = new Sleepers(clock);
    const woke: Array<{ n: number; due: number; at: number }> = [];
    let maxTimers = 0;
    for (let n = 0; n < 2000; n++) {
      if (random.next() < 0.3) {
        // Some sleeps begin later than others; the clock moves a millisecond at a time so each wake is seen when it happens.
        for (let k = random.int(1, 20); k > 0; k--) {
          clock.advanceBy(1);
          await flush();
        }
      }
      const ms = random.next() < 0.1 ? random.int(1, 3) : 1000 + random.next() * 2000;
      const due = Math.ceil(clock.now() + ms);
      void sleepers.sleep(ms).then(() => woke.push({ n, due, at: clock.now() }));
      maxTimers = Math.max(maxTimers, clock.pending);
    }
    await flush();
    for (let t = 0; t < 4000 && sleepers.size > 0; t++) {
      clock.advanceBy(1);
      maxTimers = Math.max(maxTimers, clock.pending);
      await flush();
    }
    expect(woke).toHaveLength(2000);
    for (const w of woke) expect(w.at).toBe(w.due); // never early, never late on the run's clock
    for (let i = 1; i < woke.length; i++) {
      const [a, b] = [woke[i - 1], woke[i]];
      expect(b.due > a.due || (b.due === a.due && b.n > a.n)).toBe(true);
    }
    expect(maxTimers).toBe(1);
    expect(sleepers.size).toBe(0);
    expect(sleepers.timers).toBe(0);
  });

  it('50,000 sleeping VUs share one timer; it fires once per due millisecond, not once per VU', async () => {
    const clock = new FakeClock(START);
    const sleepers = new Sleepers(clock);
    const random = new SeededRandom(9);
    let fires = 0;
    const realSetTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => realSetTimeout(() => (fires++, fn()), ms);
    let woken = 0;
    const buckets = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const ms = 1000 + random.next() * 2000;
      buckets.add(Math.ceil(clock.now() + ms));
      void sleepers.sleep(ms).then(() => woken++);
    }
    expect(sleepers.size).toBe(50_000);
    expect(clock.pending).toBe(1);
    clock.advanceBy(3001);
    await flush();
    expect(woken).toBe(50_000);
    expect(fires).toBe(buckets.size);
    expect(buckets.size).toBeLessThanOrEqual(2001);
  });

  it('wakeAll ends every sleep with the reason, clears the timer, and nothing wakes later', async () => {
    const clock = new FakeClock(START);
    const sleepers = new Sleepers(clock);
    const stop = new Error('stop');
    const outcomes: string[] = [];
    for (const ms of [5, 500, 500, 2000]) sleepers.sleep(ms).then(() => outcomes.push(`woke ${ms}`), (e) => outcomes.push(`${(e as Error).message} ${ms}`));
    clock.advanceBy(10);
    await flush();
    sleepers.wakeAll(stop);
    await flush();
    expect(outcomes).toEqual(['woke 5', 'stop 500', 'stop 500', 'stop 2000']);
    expect(clock.pending).toBe(0);
    expect(sleepers.size).toBe(0);
    clock.advanceBy(5000);
    await flush();
    expect(outcomes).toHaveLength(4);
    // Usable again afterwards.
    let again = false;
    void sleepers.sleep(1).then(() => (again = true));
    clock.advanceBy(1);
    await flush();
    expect(again).toBe(true);
  });

  it('a 0 ms sleep wakes on the next timer turn, without the clock moving', async () => {
    const clock = new FakeClock(START);
    const sleepers = new Sleepers(clock);
    let woke = false;
    void sleepers.sleep(0).then(() => (woke = true));
    await flush();
    expect(woke).toBe(false);
    clock.advanceBy(0);
    await flush();
    expect(woke).toBe(true);
    expect(clock.now()).toBe(START);
  });

  it('a sleep due earlier than the armed bucket re-arms the one timer for it', async () => {
    const clock = new FakeClock(START);
    const sleepers = new Sleepers(clock);
    const order: number[] = [];
    void sleepers.sleep(1000).then(() => order.push(1000));
    void sleepers.sleep(10).then(() => order.push(10));
    expect(clock.pending).toBe(1);
    clock.advanceBy(10);
    await flush();
    expect(order).toEqual([10]);
    expect(clock.pending).toBe(1);
    clock.advanceBy(990);
    await flush();
    expect(order).toEqual([10, 1000]);
  });
});
